package io.junction.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.HubProcess;
import io.junction.support.OrderEffects;
import io.junction.support.ShopifyOrders;
import io.junction.support.Signatures;
import io.junction.support.WebhookSender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Process crash: the built hub runs as its own JVM (persistent broker journal; PostgreSQL, or H2 files) while senders
 * stream signed Shopify orders and customer updates, WooCommerce orders whose payment failed, and carrier tracking
 * webhooks for the shipped orders (half of them delivered) at it; it is killed with SIGKILL at random points several
 * times and restarted on the same data folder, then left to drain. The senders
 * act as a storefront does: a message without a 2xx answer is sent again, with the same delivery id. Checked against
 * the senders' ledger: every accepted message has each of its effects exactly once (the customer view, the ERP
 * staging, the CRM outbox, the service case, the shipment checkpoint), and every order and shipment ends in the status
 * its last message gave it.
 *
 * <p>A new adapter joins by adding its effect to {@link #EFFECTS} (and, if it takes input, its messages to
 * {@link #script}).
 */
class CrashRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KILLS = Integer.getInteger("junction.crash.kills", 3);
    private static final int SENDERS = 4;

    /**
     * What the hub must have done, exactly once, for every message a sender got a 2xx for: each effect counted by a key
     * of the message (its event id unless said otherwise).
     */
    private static final List<Effect> EFFECTS = List.of(
            new Effect(
                    "customer view (processed event)",
                    Database.HUB,
                    Sent::isStorefront,
                    OrderEffects.CUSTOMER_VIEW.countSql()),
            new Effect(
                    "order status history entry", Database.HUB, Sent::isOrder, OrderEffects.STATUS_HISTORY.countSql()),
            new Effect(
                    "ERP staging row (erp_order_inbox)",
                    Database.ERP,
                    Sent::isOrder,
                    OrderEffects.ERP_STAGING.countSql()),
            new Effect(
                    "ERP staging lines (2 per row)",
                    Database.ERP,
                    Sent::isOrder,
                    "select count(*) / 2 from erp_order_inbox_line l join erp_order_inbox i on i.inbox_id = l.inbox_id where i.hub_event_id = ?"),
            // every order message of the script moves its order on, and each move is one CRM activity naming the event
            new Effect(
                    "CRM outbox order activity",
                    Database.HUB,
                    Sent::isOrder,
                    "select count(*) from crm_outbox where kind = 'order-activity' and event_id = ?"),
            // a customer upsert is written per change of the golden record, so not every message writes one (an order
            // may change nothing; an older update applied late is stale); none writes two. The last rename always
            // changes the record: it must have written its one.
            new Effect(
                    "CRM outbox customer upsert",
                    Database.HUB,
                    Sent::isStorefront,
                    Sent::isFinalRename,
                    Sent::eventId,
                    "select count(*) from crm_outbox where kind = 'customer-upsert' and event_id = ?"),
            new Effect(
                    "service case (one PAYMENT case per failed payment)",
                    Database.HUB,
                    Sent::isFailedPayment,
                    Sent::orderId,
                    "select count(*) from service_case c join customer_order o on c.reference = 'order:' || o.id "
                            + "where c.case_type = 'PAYMENT' and o.source_order_id = ?"),
            new Effect(
                    "CRM outbox task (one per PAYMENT case)",
                    Database.HUB,
                    Sent::isFailedPayment,
                    "select count(*) from crm_outbox where kind = 'task' and event_id = ? and payload like '%\"type\":\"PAYMENT\"%'"),
            new Effect(
                    "carrier report applied (processed)",
                    Database.HUB,
                    Sent::isShipment,
                    "select count(*) from processed_message where processor = 'scm-reports' and message_id = ?"),
            new Effect(
                    "shipment checkpoint (tracking number/code)",
                    Database.HUB,
                    Sent::isShipment,
                    Sent::checkpoint,
                    "select count(*) from shipment_checkpoint c join shipment s on s.id = c.shipment_id where s.tracking_number || '/' || c.code = ?"),
            // a delivery moves its order to DELIVERED once: one status history entry and one CRM activity
            new Effect(
                    "order DELIVERED status history entry",
                    Database.HUB,
                    Sent::isDelivery,
                    Sent::orderId,
                    "select count(*) from order_status_history h join customer_order o on o.id = h.order_id "
                            + "where o.source_order_id = ? and h.status = 'DELIVERED'"),
            new Effect(
                    "CRM outbox order activity DELIVERED",
                    Database.HUB,
                    Sent::isDelivery,
                    Sent::orderId,
                    "select count(*) from crm_outbox where kind = 'order-activity' and payload like '%\"status\":\"DELIVERED\"%' "
                            + "and payload like '%\"sourceOrderId\":\"' || ? || '\"%'"));

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // kept for a post-mortem when the test fails
    Path dataDir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Sent> ledger = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Buyer> buyers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Throwable> senderFailures = new ConcurrentLinkedQueue<>();
    private final WebhookSender sender = new WebhookSender(Signatures.DEV_SECRET);
    private final AtomicLong clock = new AtomicLong();
    private final OffsetDateTime epoch =
            OffsetDateTime.now(ZoneOffset.UTC).minusDays(2).truncatedTo(ChronoUnit.SECONDS);

    /** Where the hub keeps its state in this run: postgres (a server of its own, as in production) or h2 (the files). */
    private String db;

    private EmbeddedPostgres postgres;

    @AfterEach
    void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * PostgreSQL by default, which survives the kill in its own process (the production set-up). -Djunction.crash.db=h2
     * (or postgres,h2) runs the embedded H2, which dies with the hub's JVM: there a rare loss remains (see docs/guarantees.md).
     */
    static List<String> databases() {
        return List.of(System.getProperty("junction.crash.db", "postgres").split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void killedAgainAndAgainTheHubLosesNothingAndDoublesNothing(String database) throws Exception {
        db = database;
        // the shipment sweep links a shipment and its order that arrived at the same moment: sooner than once a minute,
        // and its lease, which a killed hub holds until it expires, shorter than the 120 s default
        List<String> settings = new ArrayList<>(List.of(
                "--junction.erp.simulator.enabled=false",
                "--junction.shipments.sweep-ms=5000",
                "--junction.shipments.lease-seconds=15"));
        if (db.equals("postgres")) {
            postgres = EmbeddedPostgres.builder().start();
            for (Database schema : Database.values()) {
                try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                    c.createStatement()
                            .execute("create database " + schema.name().toLowerCase());
                }
            }
            settings.addAll(List.of(
                    "--spring.datasource.url=" + url(Database.HUB),
                    "--spring.datasource.username=postgres",
                    "--junction.erp.datasource.url=" + url(Database.ERP),
                    "--junction.erp.datasource.username=postgres"));
        }
        long seed = Long.getLong("junction.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        System.out.println("[crash] seed " + seed + " (rerun with -Djunction.crash.seed=" + seed + "), database " + db);
        try (HubProcess hub = new HubProcess(dataDir, "crash-recovery-" + db, settings)) {
            hub.start();
            AtomicBoolean moreBuyers = new AtomicBoolean(true);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                Thread sender = new Thread(
                        () -> {
                            try {
                                while (moreBuyers.get()) {
                                    Buyer buyer = new Buyer(new ShopifyOrders());
                                    buyers.add(buyer);
                                    script(buyer).forEach(step -> deliverUntilAccepted(hub, step));
                                }
                            } catch (Throwable e) {
                                senderFailures.add(e);
                            }
                        },
                        "sender-" + i);
                sender.start();
                senders.add(sender);
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                long after = 1500 + random.nextInt(4500);
                // the crash's random moment is what is simulated: sleeps, not waits for a condition
                Thread.sleep(after);
                int accepted = ledger.size();
                hub.kill();
                System.out.printf(
                        "[crash] kill %d of %d: SIGKILL %d ms after start, %d messages accepted so far%n",
                        kill, KILLS, after, accepted);
                Thread.sleep(random.nextInt(1000));
                hub.start();
            }
            moreBuyers.set(false);
            for (Thread sender : senders) {
                sender.join(Duration.ofMinutes(2).toMillis());
                assertThat(sender.isAlive())
                        .as(sender.getName() + " finished its last buyer")
                        .isFalse();
            }
            assertThat(senderFailures).as("senders that gave up").isEmpty();
            awaitCustomerView(hub);
            hub.stop();

            Map<String, Integer> lost = new HashMap<>();
            Map<String, Integer> duplicated = new HashMap<>();
            Map<String, Integer> found = new LinkedHashMap<>();
            countEffects(lost, duplicated, found);
            for (int round = 1; round <= 3 && !lost.isEmpty(); round++) {
                // the ERP consumer drains on its own pace; give it another run on the same data before judging
                hub.start();
                Thread.sleep(5000);
                hub.stop();
                lost.clear();
                duplicated.clear();
                found.clear();
                countEffects(lost, duplicated, found);
            }
            List<String> wrong = checkFinalState();

            int lostTotal = lost.values().stream().mapToInt(Integer::intValue).sum();
            int duplicatedTotal =
                    duplicated.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(
                    "[crash] " + db
                            + ": messages sent: %d accepted (%d HTTP attempts, %d sent again after no 2xx), buyers: %d, kills: %d, "
                            + "lost = %d, duplicated = %d, wrong final state = %d%n",
                    ledger.size(),
                    sender.attempts(),
                    sender.resent(),
                    buyers.size(),
                    KILLS,
                    lostTotal,
                    duplicatedTotal,
                    wrong.size());
            System.out.println("[crash] " + db + ": effects found: " + found);
            assertThat(lost).as("effects missing, per kind").isEmpty();
            assertThat(duplicated).as("effects doubled, per kind").isEmpty();
            assertThat(wrong).as("customers or orders not in their final state").isEmpty();
            assertThat(sender.resent())
                    .as("some messages were in flight at a kill (else the test proved little)")
                    .isPositive();
        }
    }

    /**
     * A buyer's stream: customer updates and four orders (shipped, cancelled, left placed, and one from a WooCommerce
     * shop whose payment failed), each later than the last; then the carrier's news of the shipped order: in transit,
     * and for every other buyer delivered.
     */
    private List<Step> script(Buyer buyer) {
        ShopifyOrders shipped = buyer.orders;
        ShopifyOrders cancelled = shipped.nextOrder();
        ShopifyOrders placed = shipped.nextOrder();
        ShopifyOrders unpaid = shipped.nextOrder();
        boolean delivered = shipped.orderId % 2 == 0;
        buyer.expect(shipped, delivered ? "DELIVERED" : "SHIPPED");
        buyer.expect(cancelled, "CANCELLED");
        buyer.expect(placed, "PLACED");
        buyer.expect(unpaid, "PLACED");
        buyer.finalFirstName = "Final" + buyer.orders.customerId;
        buyer.tracking = CarrierFixtures.newTrackingNumber();
        buyer.shipmentStatus = delivered ? "DELIVERED" : "IN_TRANSIT";
        List<Step> steps = new ArrayList<>(List.of(
                new Step(
                        Kind.CUSTOMER, buyer, null, shipped.customerUpdated(next(), "First" + buyer.orders.customerId)),
                new Step(Kind.ORDER, buyer, shipped, shipped.created(next())),
                new Step(Kind.ORDER, buyer, cancelled, cancelled.created(next())),
                new Step(Kind.ORDER, buyer, shipped, shipped.updated(next(), "fulfilled")),
                new Step(Kind.ORDER, buyer, placed, placed.created(next())),
                new Step(Kind.ORDER, buyer, cancelled, cancelled.cancelled(next())),
                new Step(Kind.ORDER, buyer, unpaid, unpaid.wooCommerceFailedPayment(next())),
                new Step(Kind.FINAL_RENAME, buyer, null, shipped.customerUpdated(next(), buyer.finalFirstName)),
                new Step(Kind.SHIPMENT, buyer, shipped, checkpoint(buyer, shipped, "IN_TRANSIT"))));
        if (delivered) {
            steps.add(new Step(Kind.DELIVERY, buyer, shipped, checkpoint(buyer, shipped, "DELIVERED")));
        }
        return steps;
    }

    /** A generic carrier webhook with one checkpoint of the buyer's parcel, naming the order by its Shopify id. */
    private Fixture checkpoint(Buyer buyer, ShopifyOrders order, String status) {
        Fixture base = CarrierFixtures.generic("01-in-transit", buyer.tracking);
        ObjectNode body = base.bodyCopy();
        body.put("orderRef", Long.toString(order.orderId));
        body.remove("estimatedDelivery");
        body.putArray("checkpoints")
                .addObject()
                .put("time", next())
                .put("status", status)
                .put("message", status.toLowerCase())
                .put("location", "Oakland, CA");
        return base.with(Map.of("Content-Type", "application/json"), body);
    }

    private String next() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(epoch.plusSeconds(clock.incrementAndGet()));
    }

    /**
     * As a storefront or carrier does: until the hub answers 2xx, the same webhook (same delivery id) again. A carrier
     * delivers only what the shop has shipped: a delivery is sent once the customer view shows its order shipped.
     */
    private void deliverUntilAccepted(HubProcess hub, Step step) {
        if (step.kind == Kind.DELIVERY) {
            awaitShipped(hub, step);
        }
        ledger.add(new Sent(step, sender.untilAccepted(() -> hub, step.fixture)));
    }

    private void awaitShipped(HubProcess hub, Step step) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!"SHIPPED".equals(statusInView(hub, step.buyer, step.orderId()))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("order " + step.orderId() + " never showed SHIPPED");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The order's status in the customer view; null while the hub is down or does not show it. */
    private String statusInView(HubProcess hub, Buyer buyer, String orderId) {
        JsonNode customer = customerInView(hub, buyer);
        for (JsonNode order : customer == null ? JSON.createArrayNode() : customer.path("orders")) {
            if (order.path("sourceOrderId").asText().equals(orderId)) {
                return order.path("status").asText();
            }
        }
        return null;
    }

    private JsonNode customerInView(HubProcess hub, Buyer buyer) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(hub.uri("/api/customers?email="
                                    + URLEncoder.encode(buyer.orders.email, StandardCharsets.UTF_8)))
                            .timeout(Duration.ofSeconds(10))
                            // the development API key of config/application.yml (docs/security.md)
                            .header("X-Api-Key", "junction-dev-api-key")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Until the customer view shows every buyer in the final state their messages describe (at most 3 minutes). */
    private void awaitCustomerView(HubProcess hub) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<Buyer> pending = new ArrayList<>(buyers);
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.removeIf(buyer -> viewProblem(hub, buyer) == null);
            if (!pending.isEmpty()) {
                Thread.sleep(500);
            }
        }
        for (Buyer buyer : pending) {
            System.out.println("[crash] not drained: " + viewProblem(hub, buyer) + " (data kept in " + dataDir + ")");
        }
        assertThat(pending)
                .as("buyers whose customer view never reached its final state")
                .isEmpty();
    }

    /** What is wrong with the buyer's customer view, or null: one record, each order once, final statuses. */
    private String viewProblem(HubProcess hub, Buyer buyer) {
        JsonNode customer = customerInView(hub, buyer);
        if (customer == null) {
            return buyer.orders.email + ": not in the customer view (or the hub did not answer)";
        }
        if (!buyer.finalFirstName.equals(customer.path("firstName").asText())) {
            return buyer.orders.email + ": firstName "
                    + customer.path("firstName").asText();
        }
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode order : customer.path("orders")) {
            if (order.path("sourceOrderId").asText().equals(Long.toString(buyer.orders.orderId))
                    && !showsParcel(order, buyer)) {
                return buyer.orders.email + ": order " + buyer.orders.orderId + " shows shipments "
                        + order.path("shipments") + ", expected " + buyer.tracking + " " + buyer.shipmentStatus;
            }
            if (statuses.put(
                            order.path("sourceOrderId").asText(),
                            order.path("status").asText())
                    != null) {
                return buyer.orders.email + ": order "
                        + order.path("sourceOrderId").asText() + " twice";
            }
        }
        return statuses.equals(buyer.expectedStatus)
                ? null
                : buyer.orders.email + ": orders " + statuses + ", expected " + buyer.expectedStatus;
    }

    /**
     * The parcel linked to the shipped order, in its last status. A shipment and its order consumed at the same moment
     * wait for the shipment sweep to link them (a lease that a killed hub held moves only when it expires), so this is
     * waited for too, not only the orders.
     */
    private static boolean showsParcel(JsonNode order, Buyer buyer) {
        for (JsonNode shipment : order.path("shipments")) {
            if (buyer.tracking.equals(shipment.path("trackingNumber").asText())
                    && buyer.shipmentStatus.equals(shipment.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Counts every effect of every accepted message, and the rows found per kind (the hub is stopped, so the H2 files are free). */
    private void countEffects(Map<String, Integer> lost, Map<String, Integer> duplicated, Map<String, Integer> found)
            throws SQLException {
        try (Connection hubDb = open(Database.HUB);
                Connection erpDb = open(Database.ERP)) {
            for (Effect effect : EFFECTS) {
                try (PreparedStatement count =
                        (effect.db == Database.HUB ? hubDb : erpDb).prepareStatement(effect.countSql)) {
                    for (Sent sent : ledger) {
                        if (!effect.counted.test(sent)) {
                            continue;
                        }
                        count.setString(1, effect.key.apply(sent));
                        try (ResultSet rs = count.executeQuery()) {
                            rs.next();
                            int n = rs.getInt(1);
                            found.merge(effect.name, n, Integer::sum);
                            if (n == 0 && effect.required.test(sent)) {
                                lost.merge(effect.name, 1, Integer::sum);
                            } else if (n > 1) {
                                duplicated.merge(effect.name, n - 1, Integer::sum);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * One golden record per buyer, each order stored once with its two lines, no history beyond the ledger's (one entry
     * per order message, and one for a delivery), and the parcel one shipment of the shipped order, with each accepted
     * checkpoint, in its last checkpoint's status.
     */
    private List<String> checkFinalState() throws SQLException {
        List<String> wrong = new ArrayList<>();
        try (Connection hubDb = open(Database.HUB)) {
            for (Buyer buyer : buyers) {
                int records = count(hubDb, "select count(*) from customer where email = ?", buyer.orders.email);
                if (records != 1) {
                    wrong.add(buyer.orders.email + " has " + records + " golden records");
                }
                for (String orderId : buyer.expectedStatus.keySet()) {
                    int history = count(
                            hubDb,
                            "select count(*) from order_status_history h join customer_order o on o.id = h.order_id "
                                    + "where o.source_order_id = ?",
                            orderId);
                    long sent = ledger.stream()
                            .filter(s -> (s.isOrder() || s.isDelivery()) && orderId.equals(s.step.orderId()))
                            .count();
                    int lines = count(
                            hubDb,
                            "select count(*) from order_line l join customer_order o on o.id = l.order_id "
                                    + "where o.source_order_id = ?",
                            orderId);
                    if (history != sent || lines != 2) {
                        wrong.add("order " + orderId + ": " + history + " history entries for " + sent + " messages, "
                                + lines + " lines");
                    }
                }
                String shipment = text(
                        hubDb,
                        "select s.status || ' ' || s.link_state || ' ' || o.source_order_id || ' ' "
                                + "|| (select count(*) from shipment_checkpoint c where c.shipment_id = s.id) from shipment s "
                                + "left join customer_order o on o.id = s.order_id where s.tracking_number = ?",
                        buyer.tracking);
                long checkpoints = ledger.stream()
                        .filter(s -> s.isShipment() && s.step.buyer == buyer)
                        .count();
                String expected = buyer.shipmentStatus + " LINKED " + buyer.orders.orderId + " " + checkpoints;
                if (!expected.equals(shipment)) {
                    wrong.add("shipment " + buyer.tracking + ": " + shipment + ", expected " + expected);
                }
            }
        }
        return wrong;
    }

    /** The one row's text, or "none" (or "n rows") when the query finds not exactly one. */
    private static String text(Connection db, String sql, String value) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
                return rows.size() == 1 ? rows.get(0) : rows.isEmpty() ? "none" : rows.size() + " rows";
            }
        }
    }

    private static int count(Connection db, String sql, String value) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private enum Database {
        HUB("db/junction"),
        ERP("erp/erp");

        private final String h2File;

        Database(String h2File) {
            this.h2File = h2File;
        }
    }

    private String url(Database which) {
        return db.equals("postgres")
                ? postgres.getJdbcUrl("postgres", which.name().toLowerCase())
                : "jdbc:h2:file:" + dataDir.resolve(which.h2File);
    }

    private Connection open(Database which) throws SQLException {
        return DriverManager.getConnection(url(which), db.equals("postgres") ? "postgres" : "sa", "");
    }

    /**
     * One kind of effect of the messages it counts, by a key of the message: more than one is a duplicate; none is a loss
     * for a message that requires it.
     */
    private record Effect(
            String name,
            Database db,
            Predicate<Sent> counted,
            Predicate<Sent> required,
            Function<Sent, String> key,
            String countSql) {
        Effect(String name, Database db, Predicate<Sent> appliesTo, Function<Sent, String> key, String countSql) {
            this(name, db, appliesTo, appliesTo, key, countSql);
        }

        Effect(String name, Database db, Predicate<Sent> appliesTo, String countSql) {
            this(name, db, appliesTo, Sent::eventId, countSql);
        }
    }

    /** A buyer, with the status each of their orders must end in, and their parcel. */
    private static final class Buyer {
        final ShopifyOrders orders;
        final Map<String, String> expectedStatus = new HashMap<>();
        String finalFirstName;
        String tracking;
        String shipmentStatus;

        Buyer(ShopifyOrders orders) {
            this.orders = orders;
        }

        void expect(ShopifyOrders order, String status) {
            expectedStatus.put(Long.toString(order.orderId), status);
        }
    }

    /** What a step sends: a customer update (the last one a final rename), an order message, or a carrier checkpoint. */
    private enum Kind {
        CUSTOMER,
        FINAL_RENAME,
        ORDER,
        SHIPMENT,
        DELIVERY
    }

    private record Step(Kind kind, Buyer buyer, ShopifyOrders order, Fixture fixture) {
        String orderId() {
            return order == null ? null : Long.toString(order.orderId);
        }
    }

    /** A message the hub answered 2xx, with the id it answered (the event id; a carrier report's cause id). */
    private record Sent(Step step, String eventId) {
        boolean isOrder() {
            return step.kind == Kind.ORDER;
        }

        boolean isStorefront() {
            return !isShipment();
        }

        boolean isFinalRename() {
            return step.kind == Kind.FINAL_RENAME;
        }

        boolean isShipment() {
            return step.kind == Kind.SHIPMENT || step.kind == Kind.DELIVERY;
        }

        boolean isDelivery() {
            return step.kind == Kind.DELIVERY;
        }

        boolean isFailedPayment() {
            return isOrder() && step.fixture.dialect().equals("woocommerce");
        }

        String orderId() {
            return step.orderId();
        }

        /** The checkpoint a carrier report carries, as tracking number/code. */
        String checkpoint() {
            return step.buyer.tracking + "/"
                    + step.fixture
                            .body()
                            .path("checkpoints")
                            .path(0)
                            .path("status")
                            .asText();
        }
    }
}
