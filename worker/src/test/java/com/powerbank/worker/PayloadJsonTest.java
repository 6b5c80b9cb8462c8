package com.powerbank.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadJsonTest {

  record Sample(String id, long amount, List<String> keys, Map<String, Long> byKey) {}

  /** The SDK still has the field this reaches for; a rename would silently bring the cost back. */
  @Test
  void poolsTheSdksStandardConverter() {
    assertThat(PayloadJson.poolStandardInstance()).isTrue();
  }

  /** Pooled buffers change where Jackson keeps scratch space, not a byte of a payload. */
  @Test
  void writesTheSameBytesAsTheSdkDefault() {
    DataConverter pooled = new PayloadJson().mainDataConverter();
    DataConverter standard = DefaultDataConverter.newDefaultInstance();
    var value = new Sample("r-1", 30, List.of("r-1:1", "r-1:2"), Map.of("r-1:1", 30L));
    for (Object v : new Object[] {value, "text", 42L, List.of(value, value)}) {
      assertThat(pooled.toPayload(v)).isEqualTo(standard.toPayload(v));
    }
    var payload = pooled.toPayload(value).orElseThrow();
    assertThat(pooled.fromPayload(payload, Sample.class, Sample.class)).isEqualTo(value);
  }
}
