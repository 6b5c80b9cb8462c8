package com.powerbank.worker;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.JacksonJsonPayloadConverter;
import io.temporal.common.converter.PayloadConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Jackson's buffers in the worker: pooled and shared instead of one set per thread (issue 8, worker
 * memory). The payloads stay the same bytes: only where Jackson keeps its scratch buffers changes.
 *
 * <p>By default Jackson keeps a set of read and write buffers (byte[8000], byte[2000], char[4000]:
 * about 18 KB) in a thread-local of every thread that serialized something. Workflow code runs on
 * one thread per cached workflow, parked for as long as the workflow stays in the cache, so every
 * cached rental held its own set (measured: one set per cached rental). Two JSON converters run on
 * workflow threads: the client's data converter (arguments, results, summaries), replaced here by
 * the SDK's default with a pooled mapper, and the SDK's {@link
 * DefaultDataConverter#STANDARD_INSTANCE}, which it always uses for marker and search-attribute
 * values and which has no public setter: {@link #poolStandardInstance()} sets the pool on its
 * mapper.
 */
@Configuration(proxyBeanMethods = false)
public class PayloadJson {

  private static final Logger log = LoggerFactory.getLogger(PayloadJson.class);

  /** Named {@code mainDataConverter}: the Temporal starter picks it for the client and workers. */
  @Bean
  public DataConverter mainDataConverter() {
    poolStandardInstance();
    ObjectMapper mapper = JacksonJsonPayloadConverter.newDefaultObjectMapper();
    mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
    return DefaultDataConverter.newDefaultInstance()
        .withPayloadConverterOverrides(new JacksonJsonPayloadConverter(mapper));
  }

  /**
   * Gives the mapper of the SDK's standard JSON converter (the one in {@link
   * DefaultDataConverter#STANDARD_PAYLOAD_CONVERTERS}, which {@code STANDARD_INSTANCE} is made of)
   * the shared pool. Reaches its private {@code mapper} field: when a later SDK renames it, this
   * logs a warning and the worker runs as before, with thread-local buffers.
   */
  static boolean poolStandardInstance() {
    for (PayloadConverter converter : DefaultDataConverter.STANDARD_PAYLOAD_CONVERTERS) {
      if (converter instanceof JacksonJsonPayloadConverter) {
        try {
          var field = JacksonJsonPayloadConverter.class.getDeclaredField("mapper");
          field.setAccessible(true);
          ((ObjectMapper) field.get(converter))
              .getFactory()
              .setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
          return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
          log.warn(
              "Jackson buffers of the SDK's standard converter stay per thread: {}", e.toString());
          return false;
        }
      }
    }
    return false;
  }
}
