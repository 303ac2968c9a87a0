package io.junction.adapter.erp.erpnext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code erpnext} (part of readiness): in erpnext mode, whether ERPNext answers and accepts the API
 * key and secret ({@code frappe.auth.get_logged_user}). A refused token is DOWN with the reason, so a wrong secret shows
 * at once instead of as dead-lettered orders. In the other modes UNKNOWN, which readiness ignores.
 */
@Component("erpnextHealthIndicator")
public class ErpNextHealthIndicator implements HealthIndicator {

    private final ErpNextClient client;
    private final ErpNextProperties erpnext;
    private final boolean active;

    public ErpNextHealthIndicator(
            ErpNextClient client, ErpNextProperties erpnext, @Value("${junction.erp.mode:database}") String mode) {
        this.client = client;
        this.erpnext = erpnext;
        this.active = ErpNextSettingsCheck.MODE.equals(mode);
    }

    @Override
    public Health health() {
        if (!active) {
            return Health.unknown()
                    .withDetail("detail", "junction.erp.mode is not erpnext")
                    .build();
        }
        try {
            return Health.up()
                    .withDetail("url", erpnext.url())
                    .withDetail("user", client.loggedUser())
                    .build();
        } catch (ErpNextException e) {
            return Health.down()
                    .withDetail("url", erpnext.url())
                    .withDetail("status", e.status())
                    .withDetail("detail", e.getMessage())
                    .build();
        }
    }
}
