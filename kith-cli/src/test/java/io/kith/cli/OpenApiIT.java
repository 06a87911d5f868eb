package io.kith.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kith.server.Guard;
import io.kith.server.Router;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document Kith serves lists exactly the routes it registered, each with the credentials its guard asks for. */
class OpenApiIT {
    private static final ObjectMapper M = new ObjectMapper();
    private static RunningKith kith;
    private static JsonNode paths;

    @BeforeAll
    static void start() throws Exception {
        kith = new RunningKith();
        paths = M.readTree(kith.send(kith.get("/openapi.json")).body()).path("paths");
    }

    @AfterAll
    static void stop() throws Exception {
        kith.close();
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> registered = kith.app.routes().stream().map(r -> key(r.method(), r.pattern())).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(key(method, path.getKey())));
        }
        assertThat(documented).as("documented operations").containsExactlyElementsOf(registered);
    }

    @Test
    void eachOperationAsksForTheCredentialsItsRouteIsGuardedWith() {
        for (Router.Route route : kith.app.routes()) {
            JsonNode operation = paths.path(route.pattern()).path(route.method().toLowerCase(Locale.ROOT));
            String expected = switch (route.guard()) {
                case Guard.Open open when open == Guard.PUBLIC -> "";
                case Guard.Open writeKey -> "[{\"writeKeyBasic\":[]},{}]"; // or the writeKey in the body
                case Guard.AdminKey admin -> "[{\"adminKey\":[]}]";
                case Guard.Scoped scoped -> "[{\"adminKey\":[]},{\"apiKey\":[\"" + scoped.scope().wire() + "\"]}]";
            };
            assertThat(operation.path("security").isMissingNode() ? "" : operation.path("security").toString())
                    .as("security of %s %s", route.method(), route.pattern()).isEqualTo(expected);
        }
    }
}
