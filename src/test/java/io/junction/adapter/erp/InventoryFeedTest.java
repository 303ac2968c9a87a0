package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.platform.bus.OutgoingEvent;
import io.junction.support.HubTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/** inventory.changed once per real change, from the ERP's table and from dropped files, on the real bus. */
class InventoryFeedTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    InventoryFeed feed;

    private Connection connection;
    private MessageConsumer subscriber;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void subscribe() throws Exception {
        connection = connectionFactory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        subscriber =
                session.createSharedDurableConsumer(session.createTopic("junction.inventory"), "inventory-test-" + tag);
        connection.start();
    }

    @AfterEach
    void unsubscribe() throws Exception {
        connection.close();
    }

    @Test
    void aChangedLevelInTheErpIsPublishedOnceAndAnUnchangedOneNever() throws Exception {
        String sku = "INV-" + tag;
        erp.update(
                "insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 10, 2, ?)",
                sku,
                now());

        assertThat(eventsFor(sku, 1))
                .singleElement()
                .satisfies(e -> assertThat(e).contains("\"onHand\":10").contains("\"available\":8"));
        assertThat(eventsFor(sku, 0))
                .as("several polls later, the unchanged level is not published again")
                .isEmpty();

        erp.update("update erp_inventory set on_hand = 7, updated_at = ? where sku = ?", now(), sku);
        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e)
                .contains("\"onHand\":7"));
        assertThat(eventsFor(sku, 0)).isEmpty();
    }

    @Test
    void aGoodFileIsAppliedAndABadFileNotAtAllWithAReportNamingItsLines() throws Exception {
        Path inbox = Files.createDirectories(dataDir().resolve("inbox/inventory"));
        String good = "FILE-" + tag + "-A", alsoGood = "FILE-" + tag + "-B";
        String okName = "levels-" + tag + ".csv", badName = "broken-" + tag + ".csv";
        String header = "sku,location,on_hand,reserved,as_of\n";
        Files.writeString(
                inbox.resolve(okName + ".tmp"),
                header + good + ",DC1,5,0,2024-07-01T10:00:00Z\n" + "\"" + alsoGood
                        + "\",DC1,3,1,2024-07-01T10:00:00Z\n");
        Files.move(inbox.resolve(okName + ".tmp"), inbox.resolve(okName));

        assertThat(eventsFor(good, 1)).hasSize(1);
        assertThat(eventsFor(alsoGood, 1)).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(inbox.resolve("done").resolve(okName)));

        String untouched = "FILE-" + tag + "-C";
        Files.writeString(
                inbox.resolve(badName + ".tmp"),
                header + untouched + ",DC1,5,0,2024-07-01T10:00:00Z\n" + "BAD-" + tag
                        + ",DC1,lots,0,2024-07-01T10:00:00Z\n" + "SHORT-" + tag + ",DC1,5\n");
        Files.move(inbox.resolve(badName + ".tmp"), inbox.resolve(badName));

        Path report = inbox.resolve("error").resolve(badName + ".errors.txt");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(inbox.resolve("error").resolve(badName)) && Files.exists(report));
        assertThat(Files.readString(report))
                .contains("line 3: on_hand and reserved must be whole numbers")
                .contains("line 4: expected 5 columns, found 3");
        assertThat(eventsFor(untouched, 0))
                .as("the good line of a bad file is not applied")
                .isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from inventory_level where sku = ?", Integer.class, untouched))
                .isZero();
    }

    @Test
    void anOlderFileLevelNeverOverwritesANewerErpLevel() throws Exception {
        String sku = "ORD1-" + tag;
        erp.update(
                "insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 10, 0, ?)",
                sku,
                at("12:00"));
        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e)
                .contains("\"onHand\":10"));

        dropFile("older-" + tag + ".csv", sku + ",MAIN,3,0,2024-07-01T11:00:00Z\n");
        assertThat(eventsFor(sku, 0)).as("the file's level is older").isEmpty();
        assertThat(held(sku)).isEqualTo("10/erp");
    }

    @Test
    void anOlderErpLevelNeverOverwritesANewerFileLevel() throws Exception {
        String sku = "ORD2-" + tag;
        dropFile("newer-" + tag + ".csv", sku + ",MAIN,5,0,2024-07-01T12:00:00Z\n");
        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e)
                .contains("\"onHand\":5"));

        erp.update(
                "insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 8, 0, ?)",
                sku,
                at("11:00"));
        assertThat(eventsFor(sku, 0))
                .as("several polls of the older ERP row, none published")
                .isEmpty();
        assertThat(held(sku)).isEqualTo("5/file");

        erp.update("update erp_inventory set on_hand = 9, updated_at = ? where sku = ?", at("13:00"), sku);
        assertThat(eventsFor(sku, 1))
                .as("a newer ERP level wins")
                .singleElement()
                .satisfies(e -> assertThat(e).contains("\"onHand\":9"));
    }

    @Test
    void atTheSameAsOfTimeTheErpTakesPrecedenceOverAFile() throws Exception {
        String sku = "TIE-" + tag;
        dropFile("tie-a-" + tag + ".csv", sku + ",MAIN,7,0,2024-07-01T12:00:00Z\n");
        assertThat(eventsFor(sku, 1)).hasSize(1);
        erp.update(
                "insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 9, 0, ?)",
                sku,
                at("12:00"));
        assertThat(eventsFor(sku, 1)).singleElement().satisfies(e -> assertThat(e)
                .contains("\"onHand\":9"));

        dropFile("tie-b-" + tag + ".csv", sku + ",MAIN,4,0,2024-07-01T12:00:00Z\n");
        assertThat(eventsFor(sku, 0))
                .as("a file at the same time yields to the ERP")
                .isEmpty();
        assertThat(held(sku)).isEqualTo("9/erp");
    }

    @Test
    void racingLevelsLeaveTheNewestWhateverTheOrderOfArrival() throws Exception {
        String sku = "RACE-" + tag;
        List<InventoryFeed.Level> levels = new ArrayList<>();
        for (int minute = 0; minute < 40; minute++) {
            levels.add(new InventoryFeed.Level(
                    sku,
                    "MAIN",
                    100 + minute,
                    0,
                    OffsetDateTime.parse("2024-07-01T12:00:00Z").plusMinutes(minute),
                    minute % 2 == 0 ? InventoryFeed.TABLE : InventoryFeed.FILE));
        }
        java.util.Collections.shuffle(levels, new java.util.Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<OutgoingEvent>>> results = new ArrayList<>();
            levels.forEach(level -> results.add(pool.submit(() -> feed.apply(level))));
            for (Future<List<OutgoingEvent>> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(held(sku)).as("the level as of 12:39").isEqualTo("139/file");
    }

    private void dropFile(String name, String lines) throws Exception {
        Path inbox = Files.createDirectories(dataDir().resolve("inbox/inventory"));
        Files.writeString(inbox.resolve(name + ".tmp"), "sku,location,on_hand,reserved,as_of\n" + lines);
        Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(inbox.resolve("done").resolve(name)));
    }

    private String held(String sku) {
        return jdbc.queryForObject(
                "select on_hand || '/' || source from inventory_level where sku = ? and location = 'MAIN'",
                String.class,
                sku);
    }

    private static OffsetDateTime at(String time) {
        return OffsetDateTime.parse("2024-07-01T" + time + ":00Z");
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
