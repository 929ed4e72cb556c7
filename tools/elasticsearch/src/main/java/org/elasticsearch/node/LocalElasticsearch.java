package org.elasticsearch.node;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real single-node Elasticsearch in this JVM, for local development and tests.
 *
 * <p>There is no Elasticsearch distribution on Maven Central, only the server jar and the Netty
 * transport. So instead of the distribution's bootstrap (CLI process, entitlements, modules dir) we
 * build a {@link Node} directly. The hooks for that ({@link NodeConstruction#prepareConstruction},
 * {@link NodeServiceProvider}, {@code Node(NodeConstruction)}) are package-private, hence this package.
 * They change between minor versions: this file matches exactly the version pinned in pom.xml.
 *
 * <p>Configuration (system property, else environment variable, else default):
 * <ul>
 *   <li>{@code es.http.port} / {@code ES_PORT} (9200)</li>
 *   <li>{@code es.transport.port} / {@code ES_TRANSPORT_PORT} (9300)</li>
 *   <li>{@code es.home} / {@code ES_HOME_DIR} (./.es): data lives in {@code <home>/data} and survives restarts</li>
 * </ul>
 * SIGTERM (or Ctrl-C) closes the node cleanly.
 */
public final class LocalElasticsearch {

    public static void main(String[] args) throws Exception {
        Path home = Path.of(config("es.home", "ES_HOME_DIR", ".es")).toAbsolutePath().normalize();
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "local")
            .put("node.name", "local-node")
            // one node, elects itself, no bootstrap checks (they only apply to non-loopback binds)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", config("es.http.port", "ES_PORT", "9200"))
            .put("transport.port", config("es.transport.port", "ES_TRANSPORT_PORT", "9300"))
            // a dev machine's disk is often > 90% full; ES would otherwise refuse to allocate shards / go read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // with a small heap the real-memory breaker trips on GC noise; count only accounted memory
            .put("indices.breaker.total.use_real_memory", false)
            .build();

        Environment environment = new Environment(settings, null);
        configureLogging(environment);
        Logger logger = LogManager.getLogger(LocalElasticsearch.class);

        Node node = new ClasspathNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        // Like Elasticsearch's own shutdown hook. Needs -Dlog4j.shutdownHookEnabled=false so that logging
        // is still alive while the node closes.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                logger.info("stopping");
                node.prepareForClose();
                node.close();
                if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                    logger.warn("node did not stop within 20s");
                }
                logger.info("stopped");
            } catch (Exception e) {
                logger.error("failure while stopping the node", e);
            } finally {
                Configurator.shutdown((LoggerContext) LogManager.getContext(false));
                stopped.countDown();
            }
        }, "local-elasticsearch-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            logger.error("failed to start", t);
            System.exit(1); // runs the shutdown hook, which closes what was opened
        }
        logger.info("started: http://127.0.0.1:{} (home {})", settings.get("http.port"), home);
        // Elasticsearch's threads are daemon threads: keep the JVM alive until the shutdown hook ran.
        stopped.await();
    }

    /** Elasticsearch's logging must be set up before any node class logs: its LoggerFactory plus a log4j config. */
    private static void configureLogging(Environment environment) throws Exception {
        Files.createDirectories(environment.configDir());
        Files.createDirectories(environment.logsDir());
        try (InputStream in = LocalElasticsearch.class.getResourceAsStream("/log4j2.properties")) {
            Files.copy(in, environment.configDir().resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
        LogConfigurator.configure(environment, true); // reads <home>/config/log4j2.properties: console only
    }

    private static String config(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A node whose only plugin is the Netty HTTP/transport layer, taken from the class path. */
    private static final class ClasspathNode extends Node {
        ClasspathNode(Environment environment) {
            super(NodeConstruction.prepareConstruction(
                environment,
                PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
                new NodeServiceProvider() {
                    @Override
                    PluginsService newPluginService(Environment env, PluginsLoader pluginsLoader) {
                        return new ClasspathPluginsService(env.settings(), env, List.of(Netty4Plugin.class));
                    }
                },
                true // forbid private index settings, as a real node does
            ));
        }
    }
}
