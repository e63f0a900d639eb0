// A float buffer placed against a PROT_NONE page, so that touching one
// element past its end (or before its start) faults.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>

enum class GuardSide { after, before };

class GuardedBuffer {
public:
    GuardedBuffer(size_t count, GuardSide side) : count_(count)
    {
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        const size_t bytes = count * sizeof(float);
        const size_t data_pages = (bytes + page - 1) / page;
        map_bytes_ = (data_pages + 2) * page;
        void *map = mmap(nullptr, map_bytes_, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED)
            throw std::runtime_error("mmap failed");
        map_ = static_cast<unsigned char *>(map);
        unsigned char *first_data = map_ + page;
        unsigned char *back_guard = first_data + data_pages * page;
        if (mprotect(map_, page, PROT_NONE) != 0 || mprotect(back_guard, page, PROT_NONE) != 0)
            throw std::runtime_error("mprotect failed");
        // Either the last float touches the back guard or the first touches
        // the front one.
        unsigned char *start = side == GuardSide::after ? back_guard - bytes : first_data;
        data_ = reinterpret_cast<float *>(start);
    }
    ~GuardedBuffer() { munmap(map_, map_bytes_); }
    GuardedBuffer(const GuardedBuffer &) = delete;
    GuardedBuffer &operator=(const GuardedBuffer &) = delete;

    float *data() { return data_; }
    size_t size() const { return count_; }

private:
    unsigned char *map_ = nullptr;
    size_t map_bytes_ = 0;
    float *data_ = nullptr;
    size_t count_ = 0;
};
