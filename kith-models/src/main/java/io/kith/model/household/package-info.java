/**
 * Households: profiles grouped by a shared address and surname, landline, payment token or device, each household
 * with a confidence and its evidence. A household is not a merge. See {@code docs/models.md}.
 */
package io.kith.model.household;
