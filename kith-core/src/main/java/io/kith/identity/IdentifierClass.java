package io.kith.identity;

/**
 * The three kinds of identity markers. Permanent ones (email, phone) name a person for years; associated
 * ones (login id, loyalty card, payment token, CRM id) are issued to a person by a business; anonymous ones
 * (cookie, device id) name a browser or a device, which people share and replace.
 */
public enum IdentifierClass { PERMANENT, ASSOCIATED, ANONYMOUS }
