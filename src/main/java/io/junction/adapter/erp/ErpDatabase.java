package io.junction.adapter.erp;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two databases: the hub's own ({@code spring.datasource}) and the ERP's ({@code junction.erp.datasource}), where the
 * hub writes staging rows and reads the ERP's status and inventory tables. A second DataSource switches off Spring
 * Boot's single-DataSource defaults, so the hub's is declared here too, as the primary one.
 */
@Configuration(proxyBeanMethods = false)
public class ErpDatabase {

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource")
    DataSourceProperties hubDataSourceProperties() {
        return new DataSourceProperties();
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(@Qualifier("hubDataSourceProperties") DataSourceProperties properties) {
        return properties
                .initializeDataSourceBuilder()
                .type(HikariDataSource.class)
                .build();
    }

    @Bean
    @Primary
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    /** The hub database's transactions (declared because the ERP's below would otherwise be the only one). */
    @Bean
    @Primary
    TransactionTemplate transactionTemplate(DataSourceTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    @Primary
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    @ConfigurationProperties("junction.erp.datasource")
    DataSourceProperties erpDataSourceProperties() {
        return new DataSourceProperties();
    }

    /**
     * The ERP's database. With {@code junction.erp.manage-schema} (the embedded run and the tests) the hub creates the
     * sample ERP schema and data in it; against a real ERP that owns its schema, leave it off.
     */
    @Bean
    @ConfigurationProperties("junction.erp.datasource.hikari")
    HikariDataSource erpDataSource(
            @Qualifier("erpDataSourceProperties") DataSourceProperties properties,
            @Value("${junction.erp.manage-schema:false}") boolean manageSchema) {
        HikariDataSource dataSource = properties
                .initializeDataSourceBuilder()
                .type(HikariDataSource.class)
                .build();
        dataSource.setPoolName("erp");
        if (manageSchema) {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/erp")
                    .load()
                    .migrate();
        }
        return dataSource;
    }

    @Bean
    JdbcTemplate erpJdbcTemplate(@Qualifier("erpDataSource") DataSource erp) {
        return new JdbcTemplate(erp);
    }

    /** One ERP database transaction, e.g. an order's staging rows together with its duplicate check. */
    @Bean
    TransactionTemplate erpTransaction(@Qualifier("erpDataSource") DataSource erp) {
        return new TransactionTemplate(new DataSourceTransactionManager(erp));
    }
}
