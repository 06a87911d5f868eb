package io.kith.store.jdbc;

import io.kith.access.BrandScope;
import io.kith.error.ErrorCode;
import io.kith.error.KithException;
import io.kith.staff.StaffAccount;
import io.kith.staff.StaffRole;
import io.kith.staff.StaffSession;
import io.kith.staff.StaffStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Staff accounts and sessions in plain JDBC, the same for both engines. */
public final class JdbcStaffStore implements StaffStore {
    private static final String ACCOUNT_COLUMNS = "id, username, role, brands, password_hash, created_at, password_changed_at";

    private final Database db;

    public JdbcStaffStore(Database db) {
        this.db = db;
    }

    @Override
    public synchronized StaffAccount create(StaffAccount a) {
        return db.inTransaction("create staff account " + a.username(), c -> {
            db.dialect().lockTable(c, "staff_accounts");
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM staff_accounts WHERE username = ?")) {
                ps.setString(1, a.username());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new KithException(ErrorCode.CONFLICT, "a staff account named " + a.username() + " exists");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff_accounts (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, a.id());
                ps.setString(2, a.username());
                ps.setString(3, a.role().wire());
                ps.setString(4, brands(a.brands()));
                ps.setString(5, a.passwordHash());
                ps.setTimestamp(6, Timestamp.from(a.createdAt()));
                ps.setTimestamp(7, Timestamp.from(a.passwordChangedAt()));
                ps.executeUpdate();
            }
            return a;
        });
    }

    @Override
    public void update(StaffAccount a) {
        db.run("update staff account " + a.username(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE staff_accounts SET role = ?, brands = ?, password_hash = ?, password_changed_at = ? WHERE id = ?")) {
                ps.setString(1, a.role().wire());
                ps.setString(2, brands(a.brands()));
                ps.setString(3, a.passwordHash());
                ps.setTimestamp(4, Timestamp.from(a.passwordChangedAt()));
                ps.setString(5, a.id());
                if (ps.executeUpdate() == 0) {
                    throw new KithException(ErrorCode.NOT_FOUND, "no staff account with id " + a.id());
                }
            }
            return null;
        });
    }

    @Override
    public Optional<StaffAccount> byId(String id) {
        return accounts("WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<StaffAccount> byUsername(String username) {
        return accounts("WHERE username = ?", username).stream().findFirst();
    }

    @Override
    public List<StaffAccount> all() {
        return accounts("ORDER BY username", null);
    }

    private List<StaffAccount> accounts(String where, String arg) {
        return db.run("read staff accounts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM staff_accounts " + where)) {
                if (arg != null) {
                    ps.setString(1, arg);
                }
                List<StaffAccount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StaffAccount(rs.getString(1), rs.getString(2), StaffRole.parse(rs.getString(3)), brandScope(rs.getString(4)),
                                rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void saveSession(StaffSession s) {
        db.run("save a console session", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO staff_sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, s.tokenHash());
                ps.setString(2, s.accountId());
                ps.setString(3, s.csrfToken());
                ps.setTimestamp(4, Timestamp.from(s.createdAt()));
                ps.setTimestamp(5, Timestamp.from(s.expiresAt()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<StaffSession> session(String tokenHash) {
        return db.run("read a console session", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT token_hash, account_id, csrf_token, created_at, expires_at FROM staff_sessions WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StaffSession(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant())) : Optional.<StaffSession>empty();
                }
            }
        });
    }

    @Override
    public void deleteSession(String tokenHash) {
        execute("end console sessions", "DELETE FROM staff_sessions WHERE token_hash = ?", ps -> ps.setString(1, tokenHash));
    }

    @Override
    public void extendSession(String tokenHash, Instant expiresAt) {
        execute("extend a console session", "UPDATE staff_sessions SET expires_at = ? WHERE token_hash = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(expiresAt));
            ps.setString(2, tokenHash);
        });
    }

    @Override
    public int deleteSessionsOf(String accountId) {
        return execute("end console sessions", "DELETE FROM staff_sessions WHERE account_id = ?", ps -> ps.setString(1, accountId));
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return execute("end console sessions", "DELETE FROM staff_sessions WHERE expires_at <= ?", ps -> ps.setTimestamp(1, Timestamp.from(now)));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int execute(String what, String sql, Binder binder) {
        return db.run(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }
    private static String brands(BrandScope scope) {
        return String.join(",", new TreeSet<>(scope.brands()));
    }

    private static BrandScope brandScope(String text) {
        return text == null || text.isBlank() ? BrandScope.ALL
                : new BrandScope(new TreeSet<>(Arrays.stream(text.split(",")).map(String::trim).filter(b -> !b.isEmpty()).toList()));
    }
}
