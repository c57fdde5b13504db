/**
 * The transport over OkHttp and Moshi: {@link io.github.imageedits.transport.retrofit.RetrofitTransport}.
 * Everything else in this package is an implementation detail.
 */
@NullMarked
package io.github.imageedits.transport.retrofit;

import org.jspecify.annotations.NullMarked;
