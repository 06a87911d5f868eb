package io.kith.server;

/** Handles one HTTP call routed to it; runs on a virtual thread, so it may block. */
@FunctionalInterface
public interface Endpoint {
    HttpReply handle(HttpCall call) throws Exception;
}
