package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.Orders;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.bus.ProcessedMessages;
import io.junction.platform.mapping.MappedPost;
import io.junction.platform.mapping.Mappings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ERP's order API (junction.erp.mode=http): each order event is posted once, mapped by mappings/erp/order-request.jslt,
 * with the event id as Idempotency-Key so that a retry after a crash is recognised by the ERP. The answer becomes an
 * order.updated: 2xx with an ERP status code through the status map, 4xx as REJECTED with the ERP's reason. A 5xx or
 * no answer fails the HTTP step itself (routes/erp.camel.yaml), so the retries with back-off post again, and the last
 * failure is dead-lettered.
 */
@Component
public class ErpHttpOrders {

    static final String PROCESSOR = "erp-http";
    private static final String EVENT = "junctionErpEvent";

    private final CanonicalEvents events;
    private final MappedPost post;
    private final ErpStatusMap statusMap;
    private final ProcessedMessages processed;
    private final TransactionTemplate hubTransaction;
    private final ObjectMapper json;
    private final Clock clock;

    public ErpHttpOrders(
            CanonicalEvents events,
            Mappings mappings,
            ErpStatusMap statusMap,
            ProcessedMessages processed,
            TransactionTemplate hubTransaction,
            ObjectMapper json,
            @Value("${junction.erp.http.mapping:erp/order-request}") String mapping,
            @Value("${junction.erp.http.auth-header:Authorization}") String authHeader,
            @Value("${junction.erp.http.auth-value:}") String authValue,
            Clock clock) {
        this.events = events;
        this.post = new MappedPost(mappings, json, mapping, authHeader, authValue);
        this.statusMap = statusMap;
        this.processed = processed;
        this.hubTransaction = hubTransaction;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Whether this bus message is an order change the ERP has not had yet: not the ERP's own report, not seen before,
     * and not a second CREATE or CANCEL of an order under another event id.
     */
    public boolean due(Exchange exchange) {
        CloudEvent event = events.read(exchange.getMessage().getBody(String.class));
        exchange.setProperty(EVENT, event);
        if (!Handoff.isForErp(event)) {
            return false;
        }
        String onceKey = onceKey(event);
        return Boolean.TRUE.equals(hubTransaction.execute(tx ->
                processed.isNew(PROCESSOR, event.id()) && (onceKey == null || processed.isNew(PROCESSOR, onceKey))));
    }

    /** The mapped request, with its Idempotency-Key. */
    public void request(Exchange exchange) throws Exception {
        CloudEvent event = exchange.getProperty(EVENT, CloudEvent.class);
        post.prepare(
                exchange.getMessage(), json.valueToTree(event), Map.of("action", Handoff.action(event.eventType())));
        exchange.getMessage().setHeader("Idempotency-Key", event.id());
    }

    /** The ERP's 2xx or 4xx answer as the events to publish. */
    public List<OutgoingEvent> answer(Exchange exchange) throws Exception {
        CloudEvent event = exchange.getProperty(EVENT, CloudEvent.class);
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String text = exchange.getMessage().getBody(String.class);
        JsonNode reply = text == null || text.isBlank() ? json.createObjectNode() : readOrText(text);
        OrderStatus status;
        String reason = reply.path("reason").asText(reply.path("message").asText(null));
        if (code >= 400) {
            status = OrderStatus.REJECTED;
            reason = reason != null ? reason : "the ERP refused the order with HTTP " + code;
        } else if (reply.hasNonNull("status")) {
            status = statusMap.meaning(reply.get("status").asText()).status();
        } else {
            return List.of();
        }
        Order order = json.treeToValue(event.data(), Order.class);
        Order reported = order.reported(status, OffsetDateTime.now(clock), reason, null);
        String id = UUID.nameUUIDFromBytes(("erp-http/" + event.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return List.of(OutgoingEvent.of(
                CloudEvent.of(
                        id,
                        ErpStatusFeed.SOURCE,
                        EventType.ORDER_UPDATED,
                        event.subject(),
                        OffsetDateTime.now(clock),
                        json.valueToTree(reported)),
                EventHeaders.groupOf(order.customer()),
                json));
    }

    /** Records the event as handed over, after its answer is on the bus (a crash before re-posts it, harmlessly). */
    public void done(Exchange exchange) {
        CloudEvent event = exchange.getProperty(EVENT, CloudEvent.class);
        String onceKey = onceKey(event);
        hubTransaction.executeWithoutResult(tx -> {
            processed.claim(PROCESSOR, event.id());
            if (onceKey != null) {
                processed.claim(PROCESSOR, onceKey);
            }
        });
    }

    private static String onceKey(CloudEvent event) {
        String hubOrderId = Orders.hubId(
                event.data().path("sourceSystem").asText(),
                event.data().path("sourceOrderId").asText());
        return Handoff.onceKey(hubOrderId, Handoff.action(event.eventType()));
    }

    private JsonNode readOrText(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return json.createObjectNode().put("reason", text);
        }
    }
}
