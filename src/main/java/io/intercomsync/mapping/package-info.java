/**
 * CSV row to typed Intercom payloads: the mapping file ({@link io.intercomsync.mapping.MappingLoader}),
 * its model ({@link io.intercomsync.mapping.Mapping}) and the per-row converter
 * ({@link io.intercomsync.mapping.RowMapper}). Plain Java, no Camel: configuration problems are
 * {@link io.intercomsync.mapping.MappingException}, a row whose value does not convert is a
 * {@link io.intercomsync.mapping.RowMappingException} naming the column and the reason.
 */
package io.intercomsync.mapping;
