#include "common/password_pool.h"

#include "common/password.h"

namespace ocop {

bool PasswordPool::verify(std::string password, std::string stored_hash, std::function<void(bool)> done) {
  return pool_.submit([password = std::move(password), stored_hash = std::move(stored_hash),
                       done = std::move(done)]() mutable -> std::function<void()> {
    const bool ok = verify_password(password, stored_hash);
    return [done = std::move(done), ok] { done(ok); };
  });
}

bool PasswordPool::hash(std::string password, std::function<void(std::string)> done) {
  return pool_.submit([password = std::move(password), done = std::move(done)]() mutable -> std::function<void()> {
    std::string hashed = hash_password(password);
    return [done = std::move(done), hashed = std::move(hashed)]() mutable { done(std::move(hashed)); };
  });
}

}  // namespace ocop
