package io.kith.testkit;

import io.kith.event.EventLog;
import io.kith.testkit.contract.EventLogContract;

class InMemoryEventLogTest extends EventLogContract {
    @Override
    protected EventLog newLog() {
        return new InMemoryEventLog();
    }

    @Override
    protected EventLog reopen() {
        return null;
    }
}
