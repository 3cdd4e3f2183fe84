/**
 * The contact/company engine every row goes through, a CSV file's ({@code imports}) or a Singer record's
 * ({@code singer.Target}): {@link io.intercomsync.sync.SyncEngine} settles the rows that need no call, writes
 * the others (create-or-update by the ledger, the company once per run, the tags), gives up on a row whose
 * retries ran out and archives what left a source. Plain Java, no Camel: the {@code import-row} route calls
 * it, and its redelivery comes from the same {@link io.intercomsync.intercom.RetryPolicy} settings
 * ({@link io.intercomsync.sync.SyncSettings}).
 */
package io.intercomsync.sync;
