package io.kith.server;

/**
 * Told of every body byte a call holds in memory, as it is read (after decompression), so that a limit on the
 * bytes of all calls together holds for chunked and compressed bodies too, whose size is known only once read.
 */
@FunctionalInterface
public interface BodyMeter {
    BodyMeter NONE = bytes -> {
    };

    /**
     * @throws io.kith.error.KithException to stop reading the body; the call fails with it
     */
    void charge(long bytes);
}
