package io.junction.adapter.erp.erpnext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * At start, in erpnext mode: ERPNext's URL and API credentials are set (JUNCTION_ERP_ERPNEXT_API_KEY/_API_SECRET; the
 * prod profile refuses to start without them, elsewhere a warning), and the feeds are the ERPNext ones, not the ERP
 * database's tables (config/application-erpnext.yml sets both).
 */
@Component
public class ErpNextSettingsCheck {

    static final String MODE = "erpnext";

    private static final Logger log = LoggerFactory.getLogger(ErpNextSettingsCheck.class);

    public ErpNextSettingsCheck(
            ErpNextProperties erpnext,
            Environment environment,
            @Value("${junction.erp.mode:database}") String mode,
            @Value("${junction.erp.table-feeds:true}") boolean tableFeeds) {
        if (!MODE.equals(mode)) {
            return;
        }
        if (tableFeeds || !erpnext.feeds()) {
            throw new IllegalStateException("junction.erp.mode=erpnext wants junction.erp.table-feeds=false and "
                    + "junction.erp.erpnext.feeds=true: activate the erpnext profile (config/application-erpnext.yml)");
        }
        if (erpnext.url().isBlank() || !erpnext.hasCredentials()) {
            String missing = "ERPNext's url, api-key or api-secret is not set: set JUNCTION_ERP_ERPNEXT_URL, "
                    + "JUNCTION_ERP_ERPNEXT_API_KEY and JUNCTION_ERP_ERPNEXT_API_SECRET";
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("the prod profile refuses to start: " + missing);
            }
            log.warn("!!! {}; every order will fail until they are. !!!", missing);
        }
    }
}
