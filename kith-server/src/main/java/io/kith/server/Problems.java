package io.kith.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: RFC 9457 {@code application/problem+json} bodies with
 * Kith's error code, and the status that the error's kind calls for.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper mapper;
    private final int retryAfterSeconds;

    Problems(ObjectMapper mapper, int retryAfterSeconds) {
        this.mapper = mapper;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static int status(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_WRITE_KEY, UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case EVENT_TOO_LARGE, BATCH_TOO_LARGE -> 413;
            case UNSUPPORTED_ENCODING -> 415;
            case OVERLOADED, RATE_LIMITED -> 429;
            case STORAGE_FULL -> 503;
            case STORAGE_FAILURE, INTERNAL -> 500;
            default -> switch (code.kind()) {
                case USER_ERROR -> 400;
                case UNAUTHORIZED -> 401;
                case RESOURCE_EXHAUSTED -> 429;
                case NOT_FOUND -> 404;
                case INTERNAL -> 500;
            };
        };
    }

    HttpReply reply(Throwable failure, String path) {
        if (failure instanceof KithException k) {
            int status = status(k.code());
            if (status >= 500 && status != 503) {
                LOG.error("request failed path={} code={} message={}", path, k.code(), k.getMessage(), k);
            } else if (status == 429 || status == 503) {
                LOG.debug("request refused path={} code={} message={}", path, k.code(), k.getMessage());
            }
            HttpReply r = problem(status, k.code().name(), k.getMessage(), path);
            if (k instanceof RetryLater later) {
                r = r.withHeader("Retry-After", Long.toString(later.retryAfterSeconds()));
            } else if (status == 429 || status == 503) {
                r = r.withHeader("Retry-After", Integer.toString(retryAfterSeconds));
            }
            if (status == 401) {
                r = r.withHeader("WWW-Authenticate", path.startsWith("/v1/") ? "Basic realm=\"kith\"" : "Bearer realm=\"kith\"");
            }
            return r;
        }
        LOG.error("unexpected failure path={}", path, failure);
        return problem(500, ErrorCode.INTERNAL.name(), "internal error; see the server log", path);
    }

    HttpReply problem(int status, String code, String detail, String path) {
        ObjectNode body = mapper.createObjectNode();
        body.put("type", "https://kith.io/problems/" + code.toLowerCase().replace('_', '-'));
        body.put("title", title(status));
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        body.put("instance", path);
        try {
            return new HttpReply(status, HttpReply.PROBLEM_JSON, java.util.Map.of(), mapper.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
