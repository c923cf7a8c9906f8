package org.staffroom.reliability;

import java.util.List;

/**
 * Every scenario of src/site/markdown/reliability.md and the tests that prove it: the suite's own (this package) and
 * the adapter and workflow tests that already proved it before the suite existed. The first test
 * of each scenario reports its figure ({@code SCENARIO <id> …}; a scenario may report several
 * lines, one per platform or variant, under {@code <id>.<variant>}). {@code ScenarioIndexTest}
 * checks that every scenario is here and that every test named exists; {@code ReliabilityFiguresIT}
 * turns this list and the latest figures into the README table.
 */
enum Scenarios {
    R1(
            "same Slack envelope 4× (retry_attempt 0..3)",
            "one effect; every delivery acked",
            "SlackReliabilityTest#r1TheSameEnvelopeFourTimesHasOneEffect",
            "org.staffroom.slack.SlackHttpModeTest#slacksRetryOfAnEventIsAcknowledgedAndChangesNothing",
            "org.staffroom.slack.SlackSocketModeTest#theSameEventDeliveredAgainChangesNothing"),
    R2(
            "same reaction with a new event id, no retry header",
            "content-key dedupe, no second vote",
            "SlackReliabilityTest#r2AReactionResentWithANewEventIdIsNotASecondVote",
            "org.staffroom.drafts.DraftsEndToEndTest#theSameReactionDeliveredTwiceCountsOnce"),
    R3(
            "a slow downstream (DB write 5 s)",
            "ack still < 3 s (work handed off)",
            "SlackReliabilityTest#r3AStalledDownstreamDoesNotDelayAcknowledgements"),
    R4(
            "subscribed event with no handler",
            "acked 200, not 404",
            "SlackReliabilityTest#r4EventsWithoutAHandlerAreAcknowledged",
            "org.staffroom.slack.SlackHttpModeTest#anEventWithoutAHandlerIsAnswered200"),
    R5(
            "disconnect envelopes every 10 s for 10 min",
            "new socket each time; nothing lost or doubled",
            "SlackReliabilityTest#r5DisconnectStormsLoseAndDoubleNothing",
            "org.staffroom.slack.SlackSocketModeTest#aDisconnectEnvelopeReconnectsAndNothingIsLost"),
    R6(
            "half-open socket (no frames, no pongs)",
            "detected, reconnected; health DOWN meanwhile",
            "SlackReliabilityTest#r6AHalfOpenSocketIsDetectedAndWhatWasMissedIsReconciledOnce"),
    R7(
            "apps.connections.open answers 429 20×",
            "backoff with jitter, no tight loop",
            "SlackReliabilityTest#r7ARateLimitedConnectBacksOffWithJitter",
            "org.staffroom.slack.SlackSocketModeTest#aRateLimitedConnectAtStartIsRetriedAfterABackoff"),
    R8(
            "an exception thrown in a listener",
            "processing continues; a watchdog restarts a silent client",
            "SlackReliabilityTest#r8FailuresInListenersAndASilentClientAreRecoveredFrom"),
    R9(
            "process killed after receiving, before ack",
            "redelivery processed once after restart",
            "CrashRestartTest#anEventReceivedButNeverAcknowledgedOrHandledIsHandledOnceAfterARestart"),
    R11(
            "Discord close 4000, INVALID_SESSION d:false, 2 missed heartbeat ACKs",
            "replayed events once; reactions reconciled; zombie reconnect",
            "DiscordReliabilityTest#r11ResumedZombieAndRecreatedSessionsLoseAndDoubleNothing",
            "org.staffroom.discord.DiscordAdapterTest#aDroppedGatewayResumesAndMissedEventsArriveOnce",
            "org.staffroom.discord.DiscordAdapterTest#anInvalidatedSessionIsIdentifiedAgainAndCounted"),
    R12(
            "crash loop at start 50×",
            "a persisted guard stops IDENTIFY storms",
            "DiscordReliabilityTest#r12ACrashLoopCannotExhaustTheDailyIdentifyBudget",
            "org.staffroom.discord.DiscordAdapterTest#theIdentifyGuardSpacesAndStopsIdentifyStormsAcrossRestarts"),
    R13(
            "Discord 429 with Retry-After (and global)",
            "nothing sent to that bucket early",
            "DiscordReliabilityTest#r13RateLimitsAreWaitedOutAndNothingIsSentEarly",
            "org.staffroom.discord.DiscordAdapterTest#a429IsWaitedOutAndThePostArrivesExactlyOnce"),
    R14(
            "Discord 502 after the message was created",
            "same nonce on retry; one message",
            "DiscordReliabilityTest#r14ABadGatewayAfterTheMessageWasCreatedLeavesOneMessage",
            "org.staffroom.discord.DiscordAdapterTest#aFailureAfterTheMessageWasCreatedLeavesOneMessage"),
    R15(
            "Slack 429 during QOTD fan-out to 200 channels",
            "paced; exactly one post per channel",
            "ScaleOutTest#r15RateLimitedFanOutPostsOncePerChannel",
            "ScaleOutTest#aRetryAfterLongerThanTheStaleThresholdIsNotSentTwice",
            "org.staffroom.slack.SlackSocketModeTest#aRateLimitedPostIsRetriedAndArrivesExactlyOnce"),
    R16(
            "2 and 4 instances on one PostgreSQL fire the same schedule (1,000 occurrences)",
            "unique claim → one post each",
            "ScaleOutTest#r16TwoInstancesPostEachOccurrenceOnce",
            "ScaleOutTest#r16FourInstancesPostEachOccurrenceOnce",
            "ScaleOutTest#theDiscordGatewayIsHeldByOneInstanceAndMovesWhenItStops"),
    R17(
            "crash between a successful post and recording it",
            "reconciler finds the marker, no re-post",
            "ScaleOutTest#r17ACrashBetweenPostingAndRecordingPostsNothingTwice",
            "org.staffroom.chat.DeliveryAcrossRestartsTest#pendingPostsAreSentByTheNextStartAndNeverAgain",
            "org.staffroom.discord.DiscordAdapterTest#aPostWhoseRecordWasLostIsFoundAgainByItsFingerprint",
            "org.staffroom.slack.SlackSocketModeTest#aPostWhoseRecordWasLostIsFoundByItsMarker"),
    R18(
            "all instances down 09:00–10:30 (QOTD due 08:30; chat Q1–Q5 due 10:00–10:20)",
            "QOTD posted once late the same day; stale chat questions skipped; coordinators told",
            "ScaleOutTest#r18EveryInstanceDownThroughTheMorningCatchesUpOnceAndSkipsStaleQuestions",
            "org.staffroom.qotd.QotdRestartTest#aRestartPostsNothingTwiceCatchesUpTheSameDayAndNeverPostsAnEndedDay"),
    R19(
            "daylight-saving change days, several time zones",
            "local wall-clock times kept",
            "SlackReliabilityTest#r19ClockChangesInFourTimeZonesKeepLocalTimes",
            "org.staffroom.qotd.PostingScheduleTest",
            "org.staffroom.pdchat.ChatPlanTest"),
    R20(
            "approve and reject within 50 ms by two approvers, plus a double click, plus a ✅",
            "exactly one decision (conditional update); others told \"already decided\"",
            "SlackReliabilityTest#r20ApproveRejectDoubleClickAndReactionAtOnceDecideOnce",
            "org.staffroom.drafts.DraftsEndToEndTest#approveAndRejectAtOnceWithADoubleClickAndAReactionGiveExactlyOneDecision"),
    S1(
            "HTTP mode: missing, wrong, 6-min-old, +10-min-future signature; body changed by a byte",
            "401, nothing reaches handlers",
            "org.staffroom.slack.SlackHttpModeTest#forgedStaleFutureOrAlteredRequestsAreRefusedBeforeAnythingIsHandled",
            "org.staffroom.slack.SlackHttpModeTest#aReplayedRequestIsRefused",
            "org.staffroom.slack.SlackSignatureTest"),
    S3(
            "non-approver, approver of another school, author's own, the bot's own ✅",
            "no change; audited as denied",
            "SlackReliabilityTest#s3s4TheWrongPeopleChangeNothingEvenRightAfterLosingTheRole",
            "org.staffroom.drafts.DraftsEndToEndTest#aTeachersAnotherSchoolsApproversTheAuthorsAndTheBotsReactionsChangeNothing"),
    S4(
            "approver removed from config between card and click",
            "denied at decision time",
            "SlackReliabilityTest#s3s4TheWrongPeopleChangeNothingEvenRightAfterLosingTheRole"),
    S5(
            "<!channel>, @everyone, <https://evil|x>, &lt; in a caption",
            "rendered literally; no ping",
            "org.staffroom.slack.SlackSocketModeTest#userTextThatLooksLikeAPingOrALinkIsPostedLiterally",
            "org.staffroom.discord.DiscordAdapterTest#userTextCannotPingAnyoneAndOnlyNamedPeopleAreMentioned"),
    S6(
            "a draft with a URL",
            "posted with unfurling off",
            "SlackReliabilityTest#s6s8ADraftWithALinkAndADraftNamingANoConsentPupil",
            "DiscordReliabilityTest#s6APostWithALinkIsSentWithPreviewsOff"),
    S7("log scan during all tests", "no token, secret or photo URL in logs", "LogScanIT#noSecretInAnyTestOutput"),
    S8(
            "a pupil on the no-consent list in a draft",
            "blocked before approvers; audited",
            "SlackReliabilityTest#s6s8ADraftWithALinkAndADraftNamingANoConsentPupil",
            "org.staffroom.drafts.DraftsEndToEndTest#aDraftNamingANoConsentPupilOrCarryingAPhoneNumberNeverReachesApprovers"),
    S9(
            "retention: rejected draft past its period",
            "files and rows purged; audit kept without content",
            "org.staffroom.drafts.DraftsEndToEndTest#rejectedPhotosArePurgedAfterTheirRetentionAndTheAuditLogListsEveryStep"),
    S10(
            "dashboard: no session, no CSRF token, teacher on admin page, foreign workspace, in every mode",
            "refused",
            "AccessMatrix#everyEndpointAgainstEveryCaller",
            "SandboxOnlyAccessTest",
            "SlackLiveAccessTest",
            "SlackLiveSandboxOnAccessTest",
            "DiscordLiveAccessTest",
            "BothLiveAccessTest",
            "SlackOAuthAccessTest"),
    P1(
            "50 events/s mixed for 5 min",
            "ack p99 ≤ 300 ms, no retries, bounded heap",
            "SlackReliabilityTest#p1MixedLoadAtFiftyEventsASecond"),
    P2(
            "QOTD fan-out to 500 channels across 2 instances",
            "within the rate budget, one post per channel",
            "ScaleOutTest#p2FanOutAcrossTwoInstances");

    final String fault;
    final String expected;
    final List<String> tests;

    Scenarios(String fault, String expected, String... tests) {
        this.fault = fault;
        this.expected = expected;
        this.tests = List.of(tests);
    }

    /** The test class a reference names ({@code Class#method} or {@code Class}), qualified. */
    static String className(String reference) {
        String cls = reference.contains("#") ? reference.substring(0, reference.indexOf('#')) : reference;
        return cls.contains(".") ? cls : Scenarios.class.getPackageName() + "." + cls;
    }

    static String methodName(String reference) {
        return reference.contains("#") ? reference.substring(reference.indexOf('#') + 1) : null;
    }
}
