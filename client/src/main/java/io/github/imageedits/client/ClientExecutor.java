package io.github.imageedits.client;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/** The client's own executor: asynchronous edits and the HTTP calls of task polls run on it. */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@interface ClientExecutor {}
