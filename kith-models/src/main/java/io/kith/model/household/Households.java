package io.kith.model.household;

import java.util.List;

/**
 * The households found, and the shared values ignored because too many profiles share them (an office address, a
 * shop's tablet, a company card).
 */
public record Households(List<Household> households, List<Evidence> ignored) {
}
