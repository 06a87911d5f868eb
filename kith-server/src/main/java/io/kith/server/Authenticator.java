package io.kith.server;

/** Tells who sent a request to a route guarded by a bearer token, or refuses it. */
@FunctionalInterface
public interface Authenticator {
    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @throws io.kith.error.KithException {@code UNAUTHENTICATED} (401) without a valid token for {@code guard},
     *                                     {@code FORBIDDEN} (403) for an API key that lacks the scope
     */
    Caller authenticate(String authorization, Guard.Bearer guard);
}
