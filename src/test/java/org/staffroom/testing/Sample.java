package org.staffroom.testing;

/** Accounts and channels of the sample trust in bot-config/, as the sandbox and fakes know them. */
public final class Sample {

    private Sample() {}

    public static final String SLACK_TEAM = "T0NWTRUST1";
    public static final String HILLCREST_GUILD = "1180000000000000001";
    public static final String SEVILLA_GUILD = "1180000000000000002";

    // Slack (Oakfield and Riverside share the trust's workspace)
    public static final String AMARA = "slack:T0NWTRUST1:U0AMARA001"; // approver@oakfield
    public static final String LIAM = "slack:T0NWTRUST1:U0LIAMON01"; // approver@oakfield
    public static final String BEN = "slack:T0NWTRUST1:U0BENHUG01"; // teacher, Oakfield
    public static final String CHLOE = "slack:T0NWTRUST1:U0CHLOE001"; // approver+coordinator@riverside
    public static final String DAN = "slack:T0NWTRUST1:U0DANWHI01"; // teacher, Riverside
    public static final String ELEANOR_SLACK = "slack:T0NWTRUST1:U0ELEANO01"; // trust-wide approver
    public static final String FARID_SLACK = "slack:T0NWTRUST1:U0FARIDR01"; // trust-wide coordinator
    public static final String MAYA = "slack:T0NWTRUST1:U0MAYASI01"; // trust-wide approver (backup)
    public static final String KATE_SLACK = "slack:T0NWTRUST1:U0KATEBR01"; // admin + coordinator

    // Discord
    public static final String GRACE = "discord:1180000000000000001:1180000000000000501"; // approver@hillcrest
    public static final String OMAR = "discord:1180000000000000001:1180000000000000503"; // approver@hillcrest
    public static final String HARRY = "discord:1180000000000000001:1180000000000000502"; // teacher, Hillcrest
    public static final String ISABEL =
            "discord:1180000000000000002:1180000000000000601"; // approver+coordinator@sevilla
    public static final String JAVIER = "discord:1180000000000000002:1180000000000000602"; // teacher, Sevilla
    public static final String FARID_DISCORD = "discord:1180000000000000001:1180000000000000702";

    // Channels by school and purpose
    public static final String OAKFIELD_STAFFROOM = "slack:T0NWTRUST1:C0OAKSTAFF1";
    public static final String OAKFIELD_QOTD = "slack:T0NWTRUST1:C0OAKQOTD01";
    public static final String OAKFIELD_PD = "slack:T0NWTRUST1:C0OAKPD0001";
    public static final String OAKFIELD_REVIEW = "slack:T0NWTRUST1:C0OAKREVW01";
    public static final String RIVERSIDE_STAFFROOM = "slack:T0NWTRUST1:C0RIVSTAFF1";
    public static final String RIVERSIDE_QOTD = "slack:T0NWTRUST1:C0RIVQOTD01";
    public static final String RIVERSIDE_PD = "slack:T0NWTRUST1:C0RIVPD0001";
    public static final String RIVERSIDE_REVIEW = "slack:T0NWTRUST1:C0RIVREVW01";
    public static final String TRUST_REVIEW = "slack:T0NWTRUST1:C0NWTREVW1";
    public static final String HILLCREST_STAFFROOM = "discord:1180000000000000001:1180000000000000101";
    public static final String HILLCREST_QOTD = "discord:1180000000000000001:1180000000000000102";
    public static final String HILLCREST_PD = "discord:1180000000000000001:1180000000000000103";
    public static final String HILLCREST_REVIEW = "discord:1180000000000000001:1180000000000000104";
    public static final String SEVILLA_STAFFROOM = "discord:1180000000000000002:1180000000000000201";
    public static final String SEVILLA_QOTD = "discord:1180000000000000002:1180000000000000202";
    public static final String SEVILLA_PD = "discord:1180000000000000002:1180000000000000203";
    public static final String SEVILLA_REVIEW = "discord:1180000000000000002:1180000000000000204";

    /** The direct-message channel between the bot and {@code userKey} in the sandbox. */
    public static String dm(String userKey) {
        String[] p = userKey.split(":", 3);
        return p[0] + ":" + p[1] + ":D-" + p[2];
    }
}
