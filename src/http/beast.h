// Boost.Beast and Asio 1.74 as keel includes them: in server.cc, and in the HTTP clients of the
// tests and benchmarks. Nothing else in keel includes Boost; handlers see only message.h.
#pragma once

// Asio 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

// Asio 1.74 looks for <experimental/coroutine> under clang (the fuzz build), which libstdc++ does
// not have; its <coroutine> works with clang 14.
#if defined(__clang__) && !defined(BOOST_ASIO_HAS_CO_AWAIT) && __has_include(<coroutine>)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
