/**
 * Transparent customer models. Every model here is pure computation over values handed in (no I/O), and every
 * prediction carries the {@link io.kith.model.ModelVersion} that made it and a plain-language explanation of what
 * drove it. The features are cut by package: {@code clv} (BG/NBD and Gamma-Gamma), {@code propensity} (logistic
 * regression), {@code recommend} (item-to-item collaborative filtering), {@code household}, {@code cluster}.
 */
package io.kith.model;
