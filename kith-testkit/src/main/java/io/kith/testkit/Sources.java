package io.kith.testkit;

import io.kith.source.Source;
import io.kith.source.SourceKind;

/** Sources used across tests, one per channel of a fictional group. */
public final class Sources {
    public static final Source WEB_SHOP = new Source("src_webshop", "Web shop", "northwind", SourceKind.WEB, "GB", "wk_webshop_test");
    public static final Source APP = new Source("src_app", "Mobile app", "northwind", SourceKind.MOBILE, "GB", "wk_app_test");
    public static final Source POS = new Source("src_pos", "Stores POS", "northwind", SourceKind.POS, "GB", "wk_pos_test");
    public static final Source CRM = new Source("src_crm", "CRM", "northwind", SourceKind.CRM, "GB", "wk_crm_test");
    public static final Source CALL_CENTRE = new Source("src_callcentre", "Call centre", "northwind", SourceKind.CALL_CENTER, "GB", "wk_cc_test");
    public static final Source TELECOM_WEB = new Source("src_telco_web", "Telecom web", "northwind-mobile", SourceKind.WEB, "GB", "wk_telco_test");

    private Sources() {
    }
}
