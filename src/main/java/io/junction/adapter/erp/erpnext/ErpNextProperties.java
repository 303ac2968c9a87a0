package io.junction.adapter.erp.erpnext;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code junction.erp.erpnext.*}: the ERPNext site of {@code junction.erp.mode=erpnext} (config/application.yml and
 * config/application-erpnext.yml document each key; docs/erp.md the mode).
 *
 * @param url          the site's base URL (the REST API is below /api)
 * @param apiKey       the API user's key (JUNCTION_ERP_ERPNEXT_API_KEY)
 * @param apiSecret    its secret (JUNCTION_ERP_ERPNEXT_API_SECRET)
 * @param feeds        whether this hub polls ERPNext's Sales Orders, Delivery Notes and Bins
 * @param pageSize     documents one poll reads at most per doctype
 * @param initial      how far back the very first poll starts
 * @param timeZone     the site's time zone (System Settings): ERPNext's {@code modified} times are in it
 * @param timeout      how long one API call may take
 * @param deliveryDays a Sales Order's delivery_date: its transaction date plus this many days
 */
@ConfigurationProperties("junction.erp.erpnext")
public record ErpNextProperties(
        String url,
        String apiKey,
        String apiSecret,
        boolean feeds,
        int pageSize,
        Duration initial,
        String timeZone,
        Duration timeout,
        int deliveryDays) {

    public ErpNextProperties {
        url = url == null ? "" : url.replaceAll("/+$", "");
        pageSize = pageSize <= 0 ? 100 : pageSize;
        initial = initial == null ? Duration.ofDays(1) : initial;
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        deliveryDays = Math.max(0, deliveryDays);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public boolean hasCredentials() {
        return apiKey != null && !apiKey.isBlank() && apiSecret != null && !apiSecret.isBlank();
    }
}
