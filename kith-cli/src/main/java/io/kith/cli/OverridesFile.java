package io.kith.cli;

import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.IdentityOverrides;
import io.kith.identity.OverridesJson;
import io.kith.identity.OverridesStore;
import io.kith.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Identity overrides in {@code DATA/identity-overrides.json}, where Kith kept them before they moved into the store: read
 * once, at the first start on a store that has none, and moved there.
 */
final class OverridesFile {
    private final Path file;

    OverridesFile(Path dataDir) {
        this.file = dataDir.resolve("identity-overrides.json");
    }

    /**
     * The overrides the store holds; on a store with none, those of the old file of {@code dataDir}, saved into the store
     * (the file is then renamed {@code identity-overrides.json.moved}).
     */
    static OverridesStore.Versioned moveIntoStore(Path dataDir, Store store) {
        OverridesStore.Versioned current = store.overrides().current();
        OverridesFile file = new OverridesFile(dataDir);
        if (current.version() == 0 && Files.exists(file.file)) {
            IdentityOverrides old = file.read();
            current = store.overrides().update(none -> old);
            try {
                Files.move(file.file, file.file.resolveSibling(file.file.getFileName() + ".moved"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new KithException(ErrorCode.STORAGE_FAILURE, "moved the identity overrides into the store but cannot rename " + file.file
                        + ": " + e.getMessage(), e);
            }
        }
        return current;
    }

    IdentityOverrides read() {
        if (!Files.exists(file)) {
            return IdentityOverrides.NONE;
        }
        try {
            return OverridesJson.read(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read identity overrides " + file + ": " + e.getMessage(), e);
        }
    }
}
