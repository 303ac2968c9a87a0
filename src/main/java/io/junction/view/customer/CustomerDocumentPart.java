package io.junction.view.customer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Adds fields that other concerns own (value tier, RFM, service cases...) to the customer view's document. Additive:
 * a part never changes the view's own fields.
 */
public interface CustomerDocumentPart {

    void addTo(String customerId, ObjectNode document);
}
