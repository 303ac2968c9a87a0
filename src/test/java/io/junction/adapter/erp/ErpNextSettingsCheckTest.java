package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.junction.adapter.erp.erpnext.ErpNextProperties;
import io.junction.adapter.erp.erpnext.ErpNextSettingsCheck;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** ERPNext mode's start-up checks: prod refuses missing credentials, and the feeds must be ERPNext's. */
class ErpNextSettingsCheckTest {

    private static ErpNextProperties erpnext(String key, String secret) {
        return new ErpNextProperties("https://erp.example.com", key, secret, true, 0, null, null, null, 7);
    }

    @Test
    void prodRefusesToStartWithoutTheApiKeyAndSecret() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("prod", "erpnext");

        assertThatThrownBy(() -> new ErpNextSettingsCheck(erpnext("key", ""), prod, "erpnext", false))
                .hasMessageContaining("prod profile refuses to start")
                .hasMessageContaining("JUNCTION_ERP_ERPNEXT_API_SECRET");
        assertThatCode(() -> new ErpNextSettingsCheck(erpnext("key", "secret"), prod, "erpnext", false))
                .doesNotThrowAnyException();
        // outside prod a warning; in another mode no ERPNext settings matter
        assertThatCode(() -> new ErpNextSettingsCheck(erpnext("", ""), new MockEnvironment(), "erpnext", false))
                .doesNotThrowAnyException();
        assertThatCode(() -> new ErpNextSettingsCheck(erpnext("", ""), prod, "database", true))
                .doesNotThrowAnyException();
    }

    @Test
    void erpnextModeWithTheErpDatabasesTablePollsIsRefused() {
        assertThatThrownBy(() ->
                        new ErpNextSettingsCheck(erpnext("key", "secret"), new MockEnvironment(), "erpnext", true))
                .hasMessageContaining("activate the erpnext profile");
    }
}
