package io.kith.log;

import io.kith.event.EventLog;
import io.kith.testkit.contract.EventLogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileEventLogContractTest extends EventLogContract {
    @TempDir
    Path dir;

    @Override
    protected EventLog newLog() {
        return FileEventLog.open(dir);
    }

    @Override
    protected EventLog reopen() {
        return FileEventLog.open(dir);
    }
}
