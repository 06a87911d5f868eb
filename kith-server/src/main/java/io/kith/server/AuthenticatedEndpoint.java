package io.kith.server;

/** Handles one HTTP call of a route guarded by a bearer token, for the caller the dispatcher authenticated. */
@FunctionalInterface
public interface AuthenticatedEndpoint {
    HttpReply handle(HttpCall call, Caller caller) throws Exception;
}
