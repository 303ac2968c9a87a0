package io.junction.platform.bus;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The message-id repositories of the routes' {@code idempotentConsumer} steps (keyed on the event id,
 * {@code JunctionEventId}): one per subscriber of {@code junction.bus.subscriptions}, bound in Camel's registry as
 * {@code <consumer>-received}, so a subscriber's route names its own and a new one needs no Java. Each is camel-sql's
 * JDBC repository over our processed_message table, its processor name the same as its registry name. The steps run
 * with {@code eager: false}, so an id is recorded only once its exchange has completed; a failure, a rollback or a
 * dead-lettered message records nothing and a redelivery or replay is processed. The consumers whose effect is in the
 * hub database claim their ids in that transaction instead ({@link ProcessedMessages}).
 */
@Component
public class IdempotentReceivers implements CamelContextConfiguration {

    private static final String SUFFIX = "-received";

    private final BusTopology topology;
    private final DataSource dataSource;
    private final TransactionTemplate transaction;

    public IdempotentReceivers(BusTopology topology, DataSource dataSource, TransactionTemplate transaction) {
        this.topology = topology;
        this.dataSource = dataSource;
        this.transaction = transaction;
    }

    /** The repository's name in the registry and in processed_message for a subscriber. */
    private static String of(String consumer) {
        return consumer + SUFFIX;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        topology.subscriptions().keySet().stream().map(IdempotentReceivers::of).forEach(name -> camel.getRegistry()
                .bind(name, IdempotentRepository.class, repository(name)));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once the routes run
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
