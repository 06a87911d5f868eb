package io.kith.model;

import java.util.Locale;
import java.util.Objects;

/**
 * Which model made a prediction: the model's name, the revision of its code's rules, and a fingerprint of the fitted
 * parameters, so that two predictions can be told apart when the model was refitted in between.
 *
 * @param name        the model, such as {@code bg-nbd+gamma-gamma}
 * @param revision    the revision of the formulas; raised when a change alters what the same parameters predict
 * @param fingerprint eight hex digits derived from the fitted parameters
 */
public record ModelVersion(String name, int revision, String fingerprint) {
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** A version whose fingerprint is taken from the parameters, each rounded to 6 significant digits. */
    public static ModelVersion of(String name, int revision, double... parameters) {
        StringBuilder sb = new StringBuilder();
        for (double p : parameters) {
            sb.append(String.format(Locale.ROOT, "%.6g;", p));
        }
        return new ModelVersion(name, revision, String.format(Locale.ROOT, "%08x", sb.toString().hashCode()));
    }

    /** "bg-nbd+gamma-gamma/1/3fa2c0de". */
    @Override
    public String toString() {
        return name + "/" + revision + "/" + fingerprint;
    }
}
