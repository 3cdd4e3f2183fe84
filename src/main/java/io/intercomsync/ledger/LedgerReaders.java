package io.intercomsync.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The ledger's reads: a few pooled connections, each with its lookups prepared once, taken by one thread
 * at a time, so many rows can look the ledger up at once while memory does not depend on its size.
 */
final class LedgerReaders implements AutoCloseable {
    /** Connections in the pool: enough for the row writers' lookups and a read-ahead beside them. */
    static final int READERS = 4;

    private static final String CONTACT_COLUMNS = "intercom_id, fingerprint, company_intercom_id, tags, source, archived,"
            + " intercom_updated_at, row_digest";
    /** What a dry run reads of a store still at version 4, which has no row digests. */
    private static final String CONTACT_COLUMNS_V4 = CONTACT_COLUMNS.replace("row_digest", "NULL");
    /** The column after {@link #CONTACT_COLUMNS} in a query that also asks for the key. */
    static final int KEY_COLUMN = 9;
    private static final String SELECT_COMPANY =
            "SELECT intercom_id, fingerprint FROM ledger_company WHERE workspace = ? AND company_id = ?";

    interface Query<T> {
        T run(Reader r) throws SQLException;
    }

    private final String description;
    private final String contactColumns;
    private final BlockingQueue<Reader> idle = new ArrayBlockingQueue<>(READERS);
    private final List<Reader> all = new ArrayList<>();

    /**
     * @param storeVersion the schema version of the store read (an older one is read as it is, by a dry run)
     * @param connections  one per reader; closed by {@link #close()}; by the caller when this throws
     */
    LedgerReaders(List<Connection> connections, int storeVersion, String description) throws SQLException {
        this.description = description;
        this.contactColumns = storeVersion == 4 ? CONTACT_COLUMNS_V4 : CONTACT_COLUMNS;
        for (Connection c : connections) {
            Reader r = new Reader(c, contactColumns);
            all.add(r);
            idle.add(r);
        }
    }

    /** What is read of a contact, in the order {@link #contactEntry} expects: for queries written elsewhere. */
    String contactColumns() {
        return contactColumns;
    }

    /** Runs one lookup on a connection of the pool, waiting for one to be free. */
    <T> T read(Query<T> q) {
        Reader r;
        try {
            r = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while waiting for the ledger at " + description, e);
        }
        try {
            return q.run(r);
        } catch (SQLException e) {
            throw new LedgerException("the ledger at " + description + " cannot be read: " + e.getMessage(), e);
        } finally {
            idle.add(r);
        }
    }

    static Ledger.ContactEntry contactEntry(ResultSet rs) throws SQLException {
        long updatedAt = rs.getLong(7);
        Long intercomUpdatedAt = rs.wasNull() ? null : updatedAt;
        return new Ledger.ContactEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) != 0, intercomUpdatedAt, rs.getString(8));
    }

    @Override
    public void close() {
        all.forEach(r -> StateStore.closeQuietly(r.connection));
    }

    /** A pooled connection with its prepared lookups. */
    static final class Reader {
        final Connection connection;
        final PreparedStatement selectContact;
        final PreparedStatement selectCompany;
        private final String contactColumns;
        private PreparedStatement selectContacts; // prepared on first use: most readers never prefetch

        private Reader(Connection c, String contactColumns) throws SQLException {
            this.connection = c;
            this.contactColumns = contactColumns;
            this.selectContact = c.prepareStatement("SELECT " + contactColumns + " FROM ledger_contact WHERE workspace = ? AND contact_key = ?");
            this.selectCompany = c.prepareStatement(SELECT_COMPANY);
        }

        /** {@value Ledger#PREFETCH_KEYS} contact keys' entries, each row ending with its key. */
        PreparedStatement selectContacts() throws SQLException {
            if (selectContacts == null) {
                StringBuilder sql = new StringBuilder("SELECT " + contactColumns + ", contact_key FROM ledger_contact"
                        + " WHERE workspace = ? AND contact_key IN (?");
                sql.append(", ?".repeat(Ledger.PREFETCH_KEYS - 1));
                selectContacts = connection.prepareStatement(sql.append(')').toString());
            }
            return selectContacts;
        }
    }
}
