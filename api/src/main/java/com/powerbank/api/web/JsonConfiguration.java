package com.powerbank.api.web;

import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strict JSON input (SPEC §4): besides {@code application.properties} (snake_case names, duplicate
 * keys rejected, no float-to-int), a number or boolean is never silently turned into a string
 * field, so {@code {"user_id": 5}} is 400, not user "5". Unknown fields are ignored.
 */
@Configuration
public class JsonConfiguration {

  @Bean
  Jackson2ObjectMapperBuilderCustomizer strictScalarCoercion() {
    return builder ->
        builder.postConfigurer(
            mapper ->
                mapper
                    .coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
  }
}
