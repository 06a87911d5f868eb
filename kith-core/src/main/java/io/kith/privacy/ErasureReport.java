package io.kith.privacy;

/**
 * What a regulation removed and changed, in counts: the record an erasure leaves names the request, never the person's
 * data (not even the profile ids, which would say who was erased to anyone who kept them).
 *
 * @param subjectsFound        subject ids that resolved to a person
 * @param subjectsNotFound     subject ids that resolved to no one (their suppression still applies)
 * @param profiles             profiles erased (a person's profile and those merged into it)
 * @param identifiers          identifiers of those profiles erased
 * @param events               the people's events as identity held them, all deleted from the store
 * @param logRecords           records of this server's event log replaced by stubs (its retries and quarantined copies
 *                             included)
 * @param logFilesRewritten    log files written anew
 * @param quarantined          quarantined records deleted from the store
 * @param values               computed traits, labels, RFM and model values deleted
 * @param memberships          segment memberships and history rows deleted
 * @param overrideVersions     stored versions of the identity overrides with the person's identifiers blanked
 * @param suppressions         keyed hashes added to the suppression list (or removed, for {@code UNSUPPRESS})
 * @param millis               time taken
 * @param batch                requests carried out together with this one (1 alone): the counts of the log pass and the
 *                             store purge ({@code logFilesRewritten}, {@code quarantined}, {@code values},
 *                             {@code memberships}, {@code overrideVersions}) and the time are the batch's
 */
public record ErasureReport(int subjectsFound, int subjectsNotFound, int profiles, int identifiers, long events, long logRecords,
                            int logFilesRewritten, long quarantined, long values, long memberships, int overrideVersions,
                            int suppressions, long millis, int batch) {
}
