package io.junction.platform.bus;

import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The message-id repositories of the routes' {@code idempotentConsumer} steps (keyed on the event id,
 * {@code JunctionEventId}): camel-sql's JDBC repository over our processed_message table, one processor name per
 * consumer (its route id). The steps run with {@code eager: false}, so an id is recorded only once its exchange has
 * completed; a failure, a rollback or a dead-lettered message records nothing and a redelivery or replay is processed.
 * The consumers whose effect is in the hub database claim their ids in that transaction instead ({@link ProcessedMessages}).
 */
@Configuration(proxyBeanMethods = false)
public class IdempotentReceivers {

    private final DataSource dataSource;
    private final TransactionTemplate transaction;

    public IdempotentReceivers(DataSource dataSource, TransactionTemplate transaction) {
        this.dataSource = dataSource;
        this.transaction = transaction;
    }

    /** routes/storefront.camel.yaml: storefront-stock-push. */
    @Bean
    public IdempotentRepository stockPushReceived() {
        return repository("storefront-stock-push");
    }

    /** routes/edi.camel.yaml: edi-ship-notices. */
    @Bean
    public IdempotentRepository shipNoticesReceived() {
        return repository("edi-ship-notices");
    }

    /** routes/notifications.camel.yaml: email-sender. */
    @Bean
    public IdempotentRepository emailSenderReceived() {
        return repository("email-sender");
    }

    /** routes/notifications.camel.yaml: webhook-sender. */
    @Bean
    public IdempotentRepository webhookSenderReceived() {
        return repository("webhook-sender");
    }

    private IdempotentRepository repository(String processor) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, transaction, processor);
        // the table is the hub's own (db/migration), never Camel's default CAMEL_MESSAGEPROCESSED
        repository.setCreateTableIfNotExists(false);
        repository.setQueryString("select count(*) from processed_message where processor = ? and message_id = ?");
        repository.setInsertString(
                "insert into processed_message (processor, message_id, processed_at) values (?, ?, ?)");
        repository.setDeleteString("delete from processed_message where processor = ? and message_id = ?");
        repository.setClearString("delete from processed_message where processor = ?");
        return repository;
    }
}
