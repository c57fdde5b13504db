package io.github.imageedits.client;

import jakarta.inject.Scope;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** One instance per client: what a {@link ClientComponent} builds once and shares. */
@Scope
@Documented
@Retention(RetentionPolicy.RUNTIME)
@interface PerClient {}
