package org.staffroom.discord;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Texts;
import org.staffroom.config.Pools;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Directory;

/**
 * Wiring of the Discord adapter, active only when a bot token is set ({@code staffroom.discord.bot-token}
 * or env {@code DISCORD_BOT_TOKEN}); otherwise no Discord bean exists and the sandbox serves Discord.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnDiscordToken.class)
@EnableConfigurationProperties(DiscordProperties.class)
class DiscordConfiguration {

    @Bean
    DiscordStore discordStore(JdbcClient jdbc) {
        return new DiscordStore(jdbc);
    }

    @Bean
    CustomIds discordCustomIds(DiscordStore store) {
        return new CustomIds(store);
    }

    @Bean
    DiscordRenderer discordRenderer(CustomIds customIds, Texts texts) {
        return new DiscordRenderer(customIds, texts);
    }

    @Bean
    GatewaySessions discordGatewaySessions(ObjectProvider<MeterRegistry> registry) {
        return new GatewaySessions(registry.getIfAvailable());
    }

    @Bean
    IdentifyGuard discordIdentifyGuard(DiscordStore store, DiscordProperties properties) {
        return new IdentifyGuard(store, properties.identifyDelay(), properties.maxIdentifiesPerDay());
    }

    @Bean
    GatewayLookup discordGatewayLookup(DiscordProperties properties, IdentifyGuard guard) {
        return new GatewayLookup(properties.apiUrl(), guard);
    }

    @Bean(destroyMethod = "shutdown")
    Interactions discordInteractions(
            InboundEvents inbound, Texts texts, DiscordProperties properties, Environment env) {
        return new Interactions(inbound, texts, properties.interactionWait(), Pools.virtual(env));
    }

    @Bean
    CommandRegistrar discordCommandRegistrar(
            CommandCatalog catalog,
            Texts texts,
            Directory directory,
            DiscordStore store,
            DiscordProperties properties) {
        return new CommandRegistrar(catalog, texts, directory, store, properties.registerCommands());
    }

    /**
     * Command registration and reconnect announcements, off the gateway thread, one at a time. A few per
     * connection: a task refused beyond the queue is logged by JDA, and the next connect registers again.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService discordBackground(Environment env) {
        return Pools.io("discord-background-", 1, 64, Pools.virtual(env));
    }

    @Bean
    DiscordListener discordListener(
            Clock clock,
            CommandCatalog catalog,
            InboundEvents inbound,
            Interactions interactions,
            CommandRegistrar registrar,
            CustomIds customIds,
            Directory directory,
            Texts texts,
            GatewaySessions sessions,
            ExecutorService discordBackground,
            ApplicationEventPublisher events) {
        return new DiscordListener(
                new EventMapper(clock, catalog),
                inbound,
                interactions,
                registrar,
                customIds,
                catalog,
                directory,
                texts,
                sessions,
                discordBackground,
                events);
    }

    @Bean
    GatewayLease discordGatewayLease(DataSource dataSource, DiscordProperties properties) {
        return properties.gatewayLease().isZero()
                ? GatewayLease.always()
                : GatewayLease.on(dataSource, properties.gatewayLease());
    }

    @Bean
    DiscordClient discordClient(
            DiscordProperties properties,
            Environment env,
            DiscordListener listener,
            GatewayLookup gateway,
            GatewaySessions sessions,
            IdentifyGuard guard,
            Interactions interactions,
            CommandRegistrar registrar,
            DiscordStore store,
            GatewayLease lease) {
        return new DiscordClient(
                properties,
                DiscordProperties.token(env),
                listener,
                gateway,
                sessions,
                guard,
                interactions,
                registrar,
                store,
                lease);
    }

    @Bean
    DiscordGroups discordGroups(DiscordClient client, TrustConfig config, DiscordProperties properties, Clock clock) {
        return new DiscordGroups(client, config, properties, clock);
    }

    @Bean
    DiscordConnector discordConnector(
            DiscordClient client,
            DiscordRenderer renderer,
            Interactions interactions,
            DiscordStore store,
            Texts texts,
            DiscordProperties properties) {
        return new DiscordConnector(client, renderer, interactions, store, texts, properties);
    }
}
