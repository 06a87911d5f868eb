package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.identity.Identifier;
import io.kith.identity.IdentityOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Identity overrides kept in {@code DATA/identity-overrides.json}, written atomically. */
final class OverridesFile {
    private final Path file;
    private final ObjectMapper mapper;

    OverridesFile(Path dataDir, ObjectMapper mapper) {
        this.file = dataDir.resolve("identity-overrides.json");
        this.mapper = mapper;
    }

    IdentityOverrides read() {
        if (!Files.exists(file)) {
            return IdentityOverrides.NONE;
        }
        try {
            JsonNode root = mapper.readTree(file.toFile());
            List<IdentityOverrides.Pair> distinct = new ArrayList<>();
            for (JsonNode pair : root.path("distinct")) {
                distinct.add(new IdentityOverrides.Pair(id(pair.get(0)), id(pair.get(1))));
            }
            Set<Identifier> unlinked = new HashSet<>();
            for (JsonNode n : root.path("unlinked")) {
                unlinked.add(id(n));
            }
            return new IdentityOverrides(distinct, unlinked);
        } catch (IOException | RuntimeException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read identity overrides " + file + ": " + e.getMessage(), e);
        }
    }

    void write(IdentityOverrides o) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode distinct = root.putArray("distinct");
        for (IdentityOverrides.Pair p : o.distinct()) {
            distinct.addArray().add(json(p.a())).add(json(p.b()));
        }
        ArrayNode unlinked = root.putArray("unlinked");
        o.unlinked().stream().sorted().forEach(i -> unlinked.add(json(i)));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new KithException(ErrorCode.STORAGE_FAILURE, "cannot write identity overrides " + file + ": " + e.getMessage(), e);
        }
    }

    private ObjectNode json(Identifier i) {
        return mapper.createObjectNode().put("type", i.type()).put("value", i.value());
    }

    private static Identifier id(JsonNode n) {
        return new Identifier(n.path("type").asText(), n.path("value").asText());
    }
}
