package io.kith.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.source.Source;
import io.kith.source.SourceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sources declared in a configuration file, loaded into the store at every start:
 * <pre>{"sources": [{"id": "src_web", "name": "Web shop", "brand": "northwind", "kind": "web",
 *                  "defaultRegion": "GB", "writeKey": "wk_..."}]}</pre>
 */
final class SourcesFile {
    private SourcesFile() {
    }

    static List<Source> read(Path file, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new KithException(ErrorCode.INVALID_CONFIG, "cannot read the sources file " + file + ": " + e.getMessage(), e);
        }
        JsonNode arr = root == null ? null : root.get("sources");
        if (arr == null || !arr.isArray()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, file + ": expected {\"sources\": [...]}");
        }
        List<Source> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            JsonNode s = arr.get(i);
            String where = file + ": sources[" + i + "]";
            out.add(new Source(required(s, "id", where), required(s, "name", where), required(s, "brand", where),
                    SourceKind.parse(s.path("kind").asText(null)), s.path("defaultRegion").asText(null), required(s, "writeKey", where)));
        }
        return out;
    }

    private static String required(JsonNode s, String field, String where) {
        JsonNode v = s.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new KithException(ErrorCode.INVALID_CONFIG, where + "." + field + " is required (a non-empty string), got " + v);
        }
        return v.asText().trim();
    }
}
