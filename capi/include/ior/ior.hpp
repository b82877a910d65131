// ior/ior.hpp: a header-only C++17 layer over libior's C ABI (ior/ior.h), for C++ programs that
// want the stable ABI of libior.so rather than the C++ core (ior/session.h, which ties a
// program to the exact libior and Abseil it was built with). Everything here is inline and
// calls only ior_* functions: link with ior::c (or `pkg-config --libs ior`), nothing else.
//
//   namespace abi = ior::abi;
//   abi::Result<abi::Command> cmd = abi::Command::Start({"tar", "-czf", "a.tgz", "dir"});
//   if (!cmd.ok()) return Fail(cmd.error().message());
//   abi::SessionOptions opts;
//   opts.Pids({cmd->pid()}).Follow();
//   opts.selection().Families({"FS"}).ExcludeSyscalls({"fstat"});
//   abi::Result<abi::Session> s = abi::Session::Create(opts);
//   abi::Error err = s.ok() ? s->Start() : s.error();
//   if (err.ok()) err = cmd->Release();
//   if (!err.ok()) return Fail(err.message());
//   abi::EventStream events = s->Events();  // every event until the targets exited
//   for (const ior_event& e : events) {
//     std::cout << abi::SyscallName(e.nr) << ' ' << abi::File(e) << '\n';
//   }
//   if (!events.error().ok()) ...            // why the stream ended early, if it did
//   int code = cmd->Wait().value_or(1);
//
// Sinks fed by the session's batches, attached before the loop: abi::Parquet and
// abi::TraceJson (ior_sinks.hpp, `pq->Record(*s)`), abi::Flame (ior_flame.hpp,
// `flame->Attach(*s)`).
//
// Errors are values (ior::abi::Error: the C code, its text and ior_last_error()'s detail); no
// exception is thrown. Objects own their C handle (move-only) and free it on destruction.
// Threads: as the C objects they wrap (see ior_session.h, ior_command.h).
//
// The parts, each self-contained: ior_result.hpp (Error, Result, deleters, names),
// ior_options.hpp (SessionOptions, Selection), ior_session.hpp (Session, Batch, EventStream,
// Stats, Command), ior_sinks.hpp (Parquet, TraceJson), ior_flame.hpp (Flame).
#ifndef IOR_IOR_HPP_
#define IOR_IOR_HPP_

#include "ior/ior.h"
#include "ior/ior_flame.hpp"
#include "ior/ior_options.hpp"
#include "ior/ior_result.hpp"
#include "ior/ior_session.hpp"
#include "ior/ior_sinks.hpp"

#endif  // IOR_IOR_HPP_
