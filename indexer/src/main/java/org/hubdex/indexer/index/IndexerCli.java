package org.hubdex.indexer.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch indexer's command line ({@code ops/indexer}).
 *
 * <pre>
 *   service            consume hub.model-embeddings and hub.model-events into Elasticsearch until stopped (SIGTERM)
 *   build VERSION      build the index of one model version from the topics and swap the alias to it, then exit
 *   settings           print the settings table (variables, defaults, meaning)
 * </pre>
 *
 * Settings come from {@link IndexerSettings} (environment). Exit codes: 0 done, 1 failed, 2 bad usage.
 */
public final class IndexerCli {

    private static final Logger LOG = LoggerFactory.getLogger(IndexerCli.class);

    private IndexerCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static String usage() {
        return """
                usage: indexer service          consume the embeddings and events into Elasticsearch until stopped
                       indexer build VERSION    build the index of one model version and swap the alias to it
                       indexer settings         print the settings (HUBDEX_INDEXER_*, HUBDEX_ES_URL, HUBDEX_KAFKA_BOOTSTRAP)""";
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            out.println(usage());
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        boolean ok = (command.equals("service") && args.length == 1) || (command.equals("build") && args.length == 2)
                || (command.equals("settings") && args.length == 1);
        if (!ok) {
            err.println("error: unknown command or wrong arguments: " + String.join(" ", args) + "\n" + usage());
            return 2;
        }
        if (command.equals("settings")) {
            out.print(IndexerSettings.documentationTable());
            return 0;
        }
        IndexerSettings settings;
        try {
            settings = IndexerSettings.fromEnvironment();
        } catch (InvalidIndexerSettingException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        LOG.info("indexer settings:\n{}", settings.describe());
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            RestClient rest = RestClient.builder(new HttpHost(settings.elasticsearchUrl().getHost(),
                    settings.elasticsearchUrl().getPort() < 0 ? 9200 : settings.elasticsearchUrl().getPort(),
                    settings.elasticsearchUrl().getScheme())).build();
            closeables.add(rest);
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            ElasticsearchSink sink = new ElasticsearchSink(client, settings.layout(), settings.backoff(),
                    IndexerService.kafkaDeadLetters(settings, closeables));
            if (command.equals("build")) {
                IndexBuilder.Result r = new IndexBuilder(settings, sink).build(args[1]);
                out.printf("built %s: %d records, %s, alias swapped: %s, deleted %s%n", r.index(), r.recordsRead(), r.sink(), r.swapped(),
                        r.deleted());
                return 0;
            }
            IndexerService service = new IndexerService(settings, sink);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                service.close();
                try {
                    main.join(15_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "indexer-shutdown"));
            service.run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        } catch (RuntimeException e) {
            LOG.error("indexer failed", e);
            err.println("error: " + e.getMessage());
            return 1;
        } finally {
            Collections.reverse(closeables);
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed", c, e);
                }
            }
        }
    }
}
