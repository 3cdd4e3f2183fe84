/**
 * A local Intercom-compatible API server (Intercom API 2.16) for demos, tests and benchmarks.
 * It shares no classes with the Intercom client, so one misreading of Intercom cannot hide itself.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (Sandbox s = Sandbox.builder().seedUsers(1000).searchLagMs(2000).start()) {
 *     String base = s.baseUrl();   // http://127.0.0.1:<port>, token "sandbox-token"
 *     ...
 * }
 * }</pre>
 * {@code GET /_sandbox/stats} (JSON of {@link io.intercomsync.sandbox.SandboxStats}) and
 * {@code POST /_sandbox/reset} (zeroes the stats) need no token and are not counted.
 *
 * <h2>Endpoints</h2>
 * GET /me, /admins, /admins/{id}, /teams, /tags, /segments (include_count=true; type=company lists company
 * segments), GET+POST /data_attributes; POST /contacts, GET /contacts (per_page, starting_after),
 * POST /contacts/search, POST /contacts/merge, GET /contacts/find_by_external_id/{external_id},
 * GET/PUT/DELETE /contacts/{id},
 * POST /contacts/{id}/archive|unarchive, GET+POST /contacts/{id}/companies,
 * DELETE /contacts/{id}/companies/{company_id}, GET /contacts/{id}/tags; POST /companies, GET /companies
 * (company_id, name, tag_id, segment_id, page, per_page), POST /companies/list, GET /companies/scroll,
 * GET /companies/{id}, GET /companies/{id}/contacts; GET /conversations (per_page, starting_after),
 * POST /conversations/search, GET /conversations/{id}.
 *
 * <h2>Behaviour and the choices made where Intercom's is not documented</h2>
 * <ul>
 * <li>Order of checks: token (401, no rate-limit headers) → rate limit (429, headers) → Intercom-Version
 * (400 {@code intercom_version_invalid} unless 2.0…2.16; absent = 2.16; the version changes nothing else)
 * → route (404) → injected fault → the operation.</li>
 * <li>Rate limit: fixed 10-second windows aligned to epoch multiples of 10 s, per token. With the limit
 * 0 (unlimited) the headers say 2147483647.</li>
 * <li>Faults hit authenticated API calls only, chosen with the seeded {@link java.util.Random}.
 * DROPPED_CONNECTION and EMPTY_BODY and SERVER_ERROR apply nothing; APPLIED_THEN_FAILED applies the
 * request (a read just answers 500). Stats count a dropped connection under status 0.</li>
 * <li>Latency is added to every answer (including /_sandbox) from a timer, not a sleeping worker.</li>
 * <li>Contacts: 404 {@code not_found} "User Not Found" for unknown ids. An archived contact can still
 * be read by id but not updated (404), is left out of list and search, and still causes the archived 409.
 * Deleting frees its external_id and email. Email uniqueness is case-insensitive and applies to users only.
 * A missing email is left out of the JSON (the spec's {@code email} is a non-nullable string).</li>
 * <li>Tags ({@link io.intercomsync.sandbox.Tagging}): {@code POST /tags} creates a tag or returns the one of that
 * name, case-insensitively; a blank name is 400 {@code parameter_invalid}. Attaching or detaching an unknown tag,
 * or detaching one the contact does not have, is 404 {@code not_found} "Resource Not Found"; an archived contact
 * cannot be tagged or untagged (404, like its update).</li>
 * <li>Custom attributes: unknown name → 400 {@code parameter_invalid} "Custom attribute 'x' does not exist";
 * wrong JSON type → 400 {@code type_mismatch} naming the attribute and the expected type; integer takes
 * integral numbers, float any number, date/datetime unix seconds (integral, 1970 to year 9999), options
 * lists one of the options; null clears. Contacts show every defined attribute (null when unset), companies only set ones.
 * A {@code datetime} attribute is listed with data_type {@code date} (the spec's enum has no datetime).</li>
 * <li>Request bodies ({@link io.intercomsync.sandbox.Validation}): only the fields the spec's request schema
 * lists (others are 400 "Unknown field"; Intercom would ignore them), text at most 255 characters, emails
 * mail could reach (a dot in the domain), monthly_spend and size whole 32-bit numbers (Intercom truncates a
 * fraction), timestamps 1970 to year 9999, email_verified only with an email. docs/sandbox.md gives each
 * choice and its source.</li>
 * <li>Search ({@link io.intercomsync.sandbox.SearchRules}): the fields of the spec's "Accepted Fields" tables
 * (others, and listed ones the sandbox does not hold such as tag_id, are 400), operators by the field's type
 * as its "Accepted Operators" tables say (contact dates take only = &lt; &gt;; conversations take no &gt;= or
 * &lt;=), values of the field's type, at most 15 filters a group and 2 levels of groups; string comparisons
 * are case-insensitive. Contact date fields (the
 * standard *_at fields and date custom attributes) compare by whole UTC day, as Intercom compares by day in
 * the workspace's time zone (the sandbox workspace is UTC); conversation search compares seconds.
 * Default order is creation order; {@code sort} orders by any field with the id order as tie-break.
 * Cursors are keyset cursors (the last record's sort key), so inserts do not shift pages. One older than a
 * minute ({@code cursorMaxAge}), issued before {@code expireCursors()} or not issued by this sandbox is refused
 * with 400 {@code client_error} "Invalid starting_after param..." (the spec's example for GET /data_connectors).
 * per_page default 50 (conversations 20), at most 150 (more is a 400); a sort order other than ascending or
 * descending is 400 {@code invalid_sort_order}.</li>
 * <li>Search lag: contact search sees each contact as it was {@code searchLagMs} ago (a new contact is
 * invisible, an updated one shows its older version); reads by id are immediate.</li>
 * <li>Company scroll: 15 companies per page; one live scroll per workspace (a second new one is
 * 400 {@code scroll_exists}); a scroll idle for a minute expires (its scroll_param then answers 404); an
 * empty page ends it. Pages carry {@code pages: null, total_count: null} as the spec's example does.</li>
 * <li>Merge: a lead into a user; the user keeps its values and gains the lead's missing ones, tags and
 * companies. The lead's id then answers 410 {@code contact_merged} with
 * {@code Link: </contacts/{id}>; rel="canonical"} (chains followed up to 3 hops).</li>
 * <li>Conversations (seeded only) return at most the 500 newest parts with the full total_count.</li>
 * <li>JSON follows the spec's schemas to the letter, as checked by the conformance test: the spec's
 * examples show fields its schemas lack (a {@code type} on addressable lists, location.country_code,
 * opted_in/out_subscription_types, utm_*, enabled_push_messaging on single contacts); the sandbox leaves
 * them out, so clients must not depend on them.</li>
 * </ul>
 *
 * <h2>Not modelled</h2>
 * Notes, tagging through the API, company/contact deletion of companies, events,
 * conversation writes, the workspace-wide 25,000/min limit shared by apps, Intercom-Version-dependent
 * shapes, 1.x versions (answered 400), searching on tag_id, segment_id, formatted_phone, contact_ids,
 * teammate_ids or tag_ids (answered 400).
 */
package io.intercomsync.sandbox;
