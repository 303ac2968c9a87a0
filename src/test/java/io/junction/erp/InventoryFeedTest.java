package io.junction.erp;

import io.junction.support.HubTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** inventory.changed once per real change, from the ERP's table and from dropped files, on the real bus. */
class InventoryFeedTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;
    @Autowired
    ConnectionFactory connectionFactory;

    private Connection connection;
    private MessageConsumer subscriber;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void subscribe() throws Exception {
        connection = connectionFactory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        subscriber = session.createSharedDurableConsumer(session.createTopic("junction.inventory"), "inventory-test-" + tag);
        connection.start();
    }

    @AfterEach
    void unsubscribe() throws Exception {
        connection.close();
    }

    @Test
    void aChangedLevelInTheErpIsPublishedOnceAndAnUnchangedOneNever() throws Exception {
        String sku = "INV-" + tag;
        erp.update("insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 10, 2, ?)", sku, now());

        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e).contains("\"onHand\":10").contains("\"available\":8"));
        assertThat(eventsFor(sku, 0)).as("several polls later, the unchanged level is not published again").isEmpty();

        erp.update("update erp_inventory set on_hand = 7, updated_at = ? where sku = ?", now(), sku);
        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e).contains("\"onHand\":7"));
        assertThat(eventsFor(sku, 0)).isEmpty();
    }

    @Test
    void aGoodFileIsAppliedAndABadFileNotAtAllWithAReportNamingItsLines() throws Exception {
        Path inbox = Files.createDirectories(dataDir().resolve("inbox/inventory"));
        String good = "FILE-" + tag + "-A", alsoGood = "FILE-" + tag + "-B";
        String okName = "levels-" + tag + ".csv", badName = "broken-" + tag + ".csv";
        String header = "sku,location,on_hand,reserved,as_of\n";
        Files.writeString(inbox.resolve(okName + ".tmp"), header + good + ",DC1,5,0,2024-07-01T10:00:00Z\n"
                + "\"" + alsoGood + "\",DC1,3,1,2024-07-01T10:00:00Z\n");
        Files.move(inbox.resolve(okName + ".tmp"), inbox.resolve(okName));

        assertThat(eventsFor(good, 1)).hasSize(1);
        assertThat(eventsFor(alsoGood, 1)).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("done").resolve(okName)));

        String untouched = "FILE-" + tag + "-C";
        Files.writeString(inbox.resolve(badName + ".tmp"), header + untouched + ",DC1,5,0,2024-07-01T10:00:00Z\n"
                + "BAD-" + tag + ",DC1,lots,0,2024-07-01T10:00:00Z\n" + "SHORT-" + tag + ",DC1,5\n");
        Files.move(inbox.resolve(badName + ".tmp"), inbox.resolve(badName));

        Path report = inbox.resolve("error").resolve(badName + ".errors.txt");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(inbox.resolve("error").resolve(badName)) && Files.exists(report));
        assertThat(Files.readString(report)).contains("line 3: on_hand and reserved must be whole numbers")
                .contains("line 4: expected 5 columns, found 3");
        assertThat(eventsFor(untouched, 0)).as("the good line of a bad file is not applied").isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from inventory_level where sku = ?", Integer.class, untouched)).isZero();
    }

    /** The inventory events about this SKU that arrive within a few polls, waiting for {@code expected} of them. */
    private List<String> eventsFor(String sku, int expected) throws Exception {
        List<String> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (expected == 0 ? 1500 : 15_000);
        while (System.currentTimeMillis() < deadline && (expected == 0 || events.size() < expected)) {
            Message message = subscriber.receive(200);
            if (message != null && message.getBody(String.class).contains("\"" + sku + "\"")) {
                events.add(message.getBody(String.class));
            }
        }
        return events;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
