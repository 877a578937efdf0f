// -o FILE: a rejected run leaves an existing file as it was; the file is
// truncated only by commit(), once the input is validated.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/output_file.h"
#include "temp_dir.h"

namespace sctrace::cli {
namespace {

class OutputFileTest : public ::testing::Test {
protected:
  std::string read(const std::string& path) const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  test::TempDir tmp_{"sctrace-output-file"};
  const std::string dir_ = tmp_.path();
};

TEST_F(OutputFileTest, prepared_but_never_committed_keeps_the_old_content) {
  std::string path = dir_ + "/keep.txt";
  std::ofstream(path) << "keep\n";
  {
    auto f = OutputFile::prepare(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
    (*f)->stream() << "a header written before the run was rejected\n";
    (*f)->stream().flush();
  }
  EXPECT_EQ(read(path), "keep\n");
}

TEST_F(OutputFileTest, prepared_but_never_committed_creates_no_file) {
  std::string path = dir_ + "/new.txt";
  {
    auto f = OutputFile::prepare(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
  }
  EXPECT_NE(::access(path.c_str(), F_OK), 0);
}

TEST_F(OutputFileTest, commit_truncates_and_writes_what_was_held) {
  std::string path = dir_ + "/out.txt";
  std::ofstream(path) << "old old old old\n";
  {
    auto f = OutputFile::prepare(path);
    ASSERT_TRUE(f.ok()) << f.error().message;
    (*f)->stream() << "held\n";
    (*f)->stream().flush();
    ASSERT_TRUE((*f)->commit().ok());
    (*f)->stream() << "after\n";
  }
  EXPECT_EQ(read(path), "held\nafter\n");
}

TEST_F(OutputFileTest, holds_more_than_its_buffer_before_commit) {
  std::string path = dir_ + "/big.txt";
  std::string line(1000, 'x');
  {
    auto f = OutputFile::prepare(path);
    ASSERT_TRUE(f.ok());
    for (int i = 0; i < 200; ++i)
      (*f)->stream() << line << "\n";
    ASSERT_TRUE((*f)->commit().ok());
  }
  EXPECT_EQ(read(path).size(), 200u * 1001u);
}

TEST_F(OutputFileTest, prepare_fails_for_a_missing_directory) {
  auto f = OutputFile::prepare(dir_ + "/no/such/dir/out.txt");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::Io);
  EXPECT_NE(f.error().message.find("No such file"), std::string::npos)
      << f.error().message;
}

} // namespace
} // namespace sctrace::cli
