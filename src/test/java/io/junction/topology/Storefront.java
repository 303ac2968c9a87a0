package io.junction.topology;

import io.junction.support.Fixture;
import io.junction.support.HubProcess;
import io.junction.support.OrderEffects;
import io.junction.support.ShopifyOrders;
import io.junction.support.WebhookSender;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shopify shops sending signed order webhooks to the hubs through a round-robin load balancer, as a storefront does:
 * a message without a 2xx answer is sent again, with the same delivery id, to the next hub. A fixed set of customers,
 * each owned by one sender, so each customer's messages go out one after the other: per customer, an order is created
 * and then fulfilled, then the next order. The ledger holds every accepted message (event id, order,
 * status), and the effects are counted against it message by message.
 */
final class Storefront {

    private final List<HubProcess> hubs;
    private final WebhookSender sender;
    private final List<List<Customer>> customersBySender = new ArrayList<>();
    private final ConcurrentLinkedQueue<Accepted> ledger = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger balancer = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong();
    private final OffsetDateTime epoch =
            OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).truncatedTo(ChronoUnit.SECONDS);
    private final AtomicBoolean sending = new AtomicBoolean();
    private final List<Thread> senders = new ArrayList<>();

    Storefront(List<HubProcess> hubs, String secret, int senders, int customersPerSender) {
        this.hubs = hubs;
        this.sender = new WebhookSender(secret);
        for (int s = 0; s < senders; s++) {
            List<Customer> customers = new ArrayList<>();
            for (int c = 0; c < customersPerSender; c++) {
                customers.add(new Customer(new ShopifyOrders()));
            }
            customersBySender.add(customers);
        }
    }

    /** Starts the senders: each goes round its customers, one message per customer per round, until {@link #stop()}. */
    void start() {
        sending.set(true);
        senders.clear();
        for (int s = 0; s < customersBySender.size(); s++) {
            List<Customer> customers = customersBySender.get(s);
            Thread thread = new Thread(
                    () -> {
                        try {
                            while (sending.get()) {
                                for (Customer customer : customers) {
                                    if (!sending.get()) {
                                        return;
                                    }
                                    customer.sendNext();
                                }
                            }
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    },
                    "storefront-" + s);
            thread.start();
            senders.add(thread);
        }
    }

    /** Stops the senders once each has its message in flight accepted. */
    void stop() throws InterruptedException {
        sending.set(false);
        for (Thread thread : senders) {
            thread.join(Duration.ofMinutes(2).toMillis());
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not get its last message accepted within 2 minutes");
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a sender failed", failures.peek());
        }
    }

    Collection<Accepted> ledger() {
        return ledger;
    }

    int acceptedSince(int mark) {
        return ledger.size() - mark;
    }

    int resent() {
        return sender.resent();
    }

    int customers() {
        return customersBySender.stream().mapToInt(List::size).sum();
    }

    /** Each effect of each accepted message counted: {lost, doubled} per effect. */
    Map<OrderEffects, int[]> countEffects(Connection hub, Connection erp) throws SQLException {
        List<String> eventIds = ledger.stream().map(Accepted::eventId).toList();
        Map<OrderEffects, int[]> counts = new EnumMap<>(OrderEffects.class);
        for (OrderEffects effect : OrderEffects.values()) {
            Connection db = effect.inErpDatabase() ? erp : hub;
            Map<String, Integer> found = new HashMap<>();
            try (PreparedStatement count = db.prepareStatement(effect.countPerEventSql())) {
                count.setArray(1, db.createArrayOf("varchar", eventIds.toArray()));
                try (ResultSet rs = count.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), rs.getInt(2));
                    }
                }
            }
            int[] lostAndDoubled = new int[2];
            for (String eventId : eventIds) {
                int n = found.getOrDefault(eventId, 0);
                if (n == 0) {
                    lostAndDoubled[0]++;
                } else if (n > 1) {
                    lostAndDoubled[1] += n - 1;
                }
            }
            counts.put(effect, lostAndDoubled);
        }
        return counts;
    }

    /**
     * Per order, the status history entries of its accepted messages in the order the hub applied them, against the
     * order they were sent: the orders whose history differs (a customer's messages applied out of order, or one
     * missing or doubled). Entries of other causes (the ERP's status reports) are left out. Only the orders whose first
     * message was accepted at or after the ledger's mark.
     */
    List<String> ordersOutOfOrder(Connection hub, int mark) throws SQLException {
        Map<String, List<String>> sent = new TreeMap<>();
        List<Accepted> inOrder = ledger.stream()
                .sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
                .toList();
        inOrder.forEach(
                a -> sent.computeIfAbsent(a.orderId(), k -> new ArrayList<>()).add(a.eventId()));
        inOrder.stream().limit(mark).forEach(a -> sent.remove(a.orderId()));
        List<String> wrong = new ArrayList<>();
        try (PreparedStatement history =
                hub.prepareStatement("select h.event_id from order_status_history h join customer_order o "
                        + "on o.id = h.order_id where o.source_order_id = ? order by h.id")) {
            for (Map.Entry<String, List<String>> order : sent.entrySet()) {
                history.setString(1, order.getKey());
                List<String> applied = new ArrayList<>();
                try (ResultSet rs = history.executeQuery()) {
                    while (rs.next()) {
                        if (order.getValue().contains(rs.getString(1))) {
                            applied.add(rs.getString(1));
                        }
                    }
                }
                if (!applied.equals(order.getValue())) {
                    wrong.add("order " + order.getKey() + ": applied " + applied + ", sent " + order.getValue());
                }
            }
        }
        return wrong;
    }

    /** One answer to a webhook sent once: its status, headers and body, and how long it took. */
    record Answer(String orderId, int status, Map<String, List<String>> headers, String body, long millis) {}

    /** A new customer's first order, sent once to the next hub (a storefront whose retry would carry a new delivery id). */
    Answer sendOnce() {
        ShopifyOrders orders = new ShopifyOrders();
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = sender.send(nextHub(), orders.created(next()));
            return new Answer(
                    Long.toString(orders.orderId),
                    response.statusCode(),
                    response.headers().map(),
                    response.body(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            return new Answer(
                    Long.toString(orders.orderId),
                    0,
                    Map.of(),
                    e.toString(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private HubProcess nextHub() {
        return hubs.get(Math.floorMod(balancer.getAndIncrement(), hubs.size()));
    }

    private String next() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(epoch.plusSeconds(clock.incrementAndGet()));
    }

    /** A message the hubs answered 2xx: its event id, its order, and its place in the sending order. */
    record Accepted(String eventId, String orderId, long sequence) {}

    /** A customer of the shop: their current order, created and then fulfilled, then the next one. */
    private final class Customer {
        private ShopifyOrders order;
        private boolean placed;

        Customer(ShopifyOrders first) {
            this.order = first;
        }

        void sendNext() {
            if (placed) {
                deliverUntilAccepted(order.updated(next(), "fulfilled"));
                order = order.nextOrder();
            } else {
                deliverUntilAccepted(order.created(next()));
            }
            placed = !placed;
        }

        private void deliverUntilAccepted(Fixture fixture) {
            String eventId = sender.untilAccepted(Storefront.this::nextHub, fixture);
            ledger.add(new Accepted(eventId, Long.toString(order.orderId), clock.incrementAndGet()));
        }
    }
}
