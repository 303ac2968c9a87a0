package io.junction.service.cases;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.bus.batch.BatchApply;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.platform.failure.ProblemException;
import io.junction.service.cases.ServiceDesk.Trigger;
import io.junction.view.customer.CustomerStore;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service desk's bus consumer (queue junction.service.service-desk): {@code notification.failed} from the
 * e-mail/SMS senders (the customer could not be reached) becomes the rule event of the same name, so a person calls
 * back. One transaction per batch of events, idempotent on the event id; every other event on the address is not for it.
 */
@Component
public class ContactFailures {

    static final String PROCESSOR = "service-desk";

    private final BatchApply batches;
    private final CustomerStore customers;
    private final ServiceDesk desk;

    public ContactFailures(BatchApply batches, CustomerStore customers, ServiceDesk desk) {
        this.batches = batches;
        this.customers = customers;
        this.desk = desk;
    }

    /** Applies a batch of service events in one transaction; what each did, for the log. */
    @Transactional
    public List<String> applyAll(List<BusMessage> batch) throws Exception {
        return batches.apply(PROCESSOR, batch, this::apply, event -> "duplicate " + event.id() + " ignored");
    }

    private String apply(CloudEvent event) {
        if (event.eventType() != EventType.NOTIFICATION_FAILED) {
            return event.type() + " " + event.id() + " is not for the service desk";
        }
        JsonNode data = event.data();
        String customerId = data.path("customerId").asText();
        if (customers.byId(customerId).isEmpty()) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "notification.failed " + event.id() + " names no known customer: " + customerId);
        }
        List<String> done = desk.handle(new Trigger(
                "notification.failed",
                customerId,
                "customer",
                event.id(),
                desk.tierOf(customerId),
                Map.of(
                        "template",
                        data.path("template").asText(""),
                        "reason",
                        data.path("reason").asText("no reason given"),
                        "detail",
                        data.path("reason").asText(""))));
        return "notification.failed " + event.id() + ": " + done;
    }
}
